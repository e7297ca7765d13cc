using MarketAnalytics.Api.Commands;

// The command line (Commands/) picks a role or a one-shot command; MarketAnalyticsApp.cs is the whole application, area by area.
return await MarketAnalyticsCommandLine.InvokeAsync(args);
