using System.CommandLine;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.LoadTest;
using MarketAnalytics.Storage.EmbeddedLog;

// `./scripts/marketanalytics loadtest …` runs this tool; exit codes as the main executable's: 2 bad input, 3 data directory held,
// 4 backend unreachable, 130 cancelled, 1 when requests failed during the run.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
try
{
    var result = LoadTestCommand.Create().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
    if (result.Errors.Count > 0) throw new LoadTestException(string.Join(Environment.NewLine, result.Errors.Select(e => e.Message)));
    return await result.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancel.Token);
}
catch (LoadTestException e)
{
    foreach (var line in e.Message.Split(Environment.NewLine)) await Console.Error.WriteLineAsync($"error: {line}");
    await Console.Error.WriteLineAsync("usage: marketanalytics loadtest --help");
    return 2;
}
catch (InvalidConfigurationException e)
{
    foreach (var problem in e.Problems) await Console.Error.WriteLineAsync($"configuration error: {problem}");
    return 2;
}
catch (DataDirectoryInUseException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 3;
}
catch (BackendUnavailableException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 4;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("cancelled");
    return 130;
}
