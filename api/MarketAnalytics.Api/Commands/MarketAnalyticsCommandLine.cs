using System.CommandLine;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Api.Watch;
using MarketAnalytics.Storage.EmbeddedLog;

namespace MarketAnalytics.Api.Commands;

/// <summary>The command line of <c>marketanalytics</c>: every command with its options (<c>--help</c> on each), and the
/// translation of expected failures into one clear line and an exit code.</summary>
/// <remarks>Exit codes: 0 done, 1 the command finished with failures it reported (unreadable files), 2 a bad command line or
/// setting, 3 the data directory is held by another process, 4 a backend or instance cannot be reached, 130 cancelled (Ctrl-C).
/// The load tester and the Kafka mock are tools of their own (<c>tools/</c>), which <c>scripts/marketanalytics</c> runs for
/// <c>loadtest</c> and <c>kafka-mock</c>.</remarks>
public static class MarketAnalyticsCommandLine
{
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    /// <summary>Runs the command line and returns the process's exit code; output goes to the console.</summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            return await RunAsync(args, Console.Out, cancel.Token);
        }
        catch (CommandLineException e)
        {
            foreach (var line in e.Message.Split(Environment.NewLine)) await Console.Error.WriteLineAsync($"error: {line}");
            await Console.Error.WriteLineAsync("usage: marketanalytics --help, marketanalytics <command> --help");
            return 2;
        }
        catch (DataDirectoryInUseException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            if (args.FirstOrDefault() == "rerun")
                await Console.Error.WriteLineAsync("A running `run` process reruns ranges itself: use its jobs dashboard (/jobs) or POST /api/v1/reruns.");
            return 3;
        }
        catch (BackendUnavailableException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 4;
        }
        catch (InvalidConfigurationException e)
        {
            foreach (var problem in e.Problems) await Console.Error.WriteLineAsync($"configuration error: {problem}");
            return 2;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }
    }

    /// <summary>Runs one command line, writing to <paramref name="output"/>; a bad command line throws
    /// <see cref="CommandLineException"/> with one line per problem, and the command's own failures propagate.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var result = Root().Parse(args, Parsing);
        if (result.Errors.Count > 0) throw new CommandLineException(string.Join(Environment.NewLine, result.Errors.Select(e => e.Message)));
        // Exceptions reach the caller (no default handler); Ctrl-C is the caller's token, so commands end their own way.
        return result.InvokeAsync(new InvocationConfiguration { Output = output, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, ct);
    }

    private static RootCommand Root()
    {
        var root = new RootCommand("""
            MarketAnalytics: exchange trades -> durable log -> exact 1m/1h aggregates -> REST API.
            Backends come from appsettings.json and environment variables (Log__Kind=Kafka, Store__Kind=Postgres, Prices__Kind=Redis, ...).
            """)
        {
            ServeCommand.Create(Role.Run, "ingest + log + aggregation + API in one process (the main job)"),
            ServeCommand.Create(Role.Api, "the API role alone against the configured backends"),
            ServeCommand.Create(Role.Ingest, "the ingest role alone against the configured backends"),
            ServeCommand.Create(Role.Aggregate, "the aggregation role alone against the configured backends"),
            ImportCommand.Create(),
            RerunCommand.Create(),
            CandlesCommand.Create(),
            WatchCommand.Create(),
        };
        var help = new Command("help", "prints this help");
        help.SetAction(result => root.Parse(["--help"], Parsing).Invoke(new InvocationConfiguration { Output = result.InvocationConfiguration.Output }));
        root.Subcommands.Add(help);
        root.SetAction(result => root.Parse(["--help"], Parsing).Invoke(new InvocationConfiguration { Output = result.InvocationConfiguration.Output }));
        return root;
    }
}
