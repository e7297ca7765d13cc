using MarketAnalytics.Api.Commands;

return await CommandRunner.RunAsync(args);
