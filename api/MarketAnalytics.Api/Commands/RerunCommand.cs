using System.CommandLine;
using System.Globalization;
using Hangfire;
using MarketAnalytics.Aggregate.Jobs;
using MarketAnalytics.Api.Dashboard;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.EmbeddedLog;
using MarketAnalytics.Aggregate.Reruns;
using MarketAnalytics.Core;
using Spectre.Console;

namespace MarketAnalytics.Api.Commands;

/// <summary><c>rerun</c>: recomputes the aggregates of a range from the raw log and replaces them atomically; <c>--dry-run</c>
/// prints what would change. Ends with the line <c>windows changed: N</c>.</summary>
/// <remarks>While another process (<c>run</c>) holds the embedded data directory, the rerun is enqueued as a Hangfire job in the
/// data directory's job storage instead, for that process to run; the command prints the job's id and dashboard path.</remarks>
public static class RerunCommand
{
    private static readonly Option<DateTime> From = new("--from")
    {
        Description = "the range's start, ISO-8601 UTC", HelpName = "T", CustomParser = OptionValues.Time,
    };

    private static readonly Option<DateTime> To = new("--to")
    {
        Description = "the range's end, exclusive, ISO-8601 UTC", HelpName = "T", CustomParser = OptionValues.Time,
    };

    private static readonly Option<InstrumentId[]> Symbols = new("--symbol")
    {
        Description = "only these instruments, venue:SYMBOL (repeatable; default all)", HelpName = "venue:SYMBOL", CustomParser = OptionValues.Instruments,
    };

    private static readonly Option<string> Interval = new("--interval")
    {
        Description = "1m, 1h or all (default all)", HelpName = "1m|1h|all", CustomParser = OptionValues.OneOf("1m", "1h", "all"),
    };

    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "prints what would change and changes nothing" };

    public static Command Create()
    {
        var command = new Command("rerun", "recomputes the aggregates of a range from the log and replaces them atomically")
        {
            From, To, Symbols, Interval, DryRun, SettingOptions.DataDirectory,
        };
        OptionValues.Require(command, From);
        OptionValues.Require(command, To);
        command.SetAction((result, ct) => RunAsync(result, result.InvocationConfiguration.Output, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult line, TextWriter output, CancellationToken ct)
    {
        var intervals = line.GetValue(Interval) switch
        {
            "1m" => RerunIntervals.Minute,
            "1h" => RerunIntervals.Hour,
            _ => RerunIntervals.All,
        };
        var symbols = line.GetValue(Symbols) ?? [];
        var request = new RerunRequest(line.GetValue(From), line.GetValue(To), symbols.Length == 0 ? null : symbols, intervals, line.GetValue(DryRun));
        await using var host = CommandHost.Build(line);
        try
        {
            host.Services.GetRequiredService<IMarketLog>();
        }
        catch (DataDirectoryInUseException e)
        {
            var id = RerunRequestJob.Enqueue(host.Services.GetRequiredService<IBackgroundJobClient>(), request);
            await output.WriteLineAsync($"the data directory is held by {e.Holder}");
            await output.WriteLineAsync($"rerun enqueued there as job {id}; follow it at {JobsDashboard.JobPath(id)} on that process's address");
            return 0;
        }
        var engine = host.Services.GetRequiredService<RerunEngine>();
        RerunResult result;
        try
        {
            result = Console.IsOutputRedirected || output != Console.Out
                ? await engine.RunAsync(request, new PlainProgress(Console.Error), ct)
                : await RunWithProgressBarAsync(engine, request, ct);
        }
        catch (RerunRangeException e)
        {
            throw new CommandLineException(e.Message);
        }
        foreach (var change in result.Changes) await output.WriteLineAsync(Describe(change));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{(request.DryRun ? "dry run: " : "")}[{UtcTime.Format(result.From)}, {UtcTime.Format(result.To)}): {result.TradesRead} trades read, {result.WindowsExamined} windows examined"));
        await output.WriteLineAsync($"windows changed: {result.WindowsChanged}");
        return 0;
    }

    private static async Task<RerunResult> RunWithProgressBarAsync(RerunEngine engine, RerunRequest request, CancellationToken ct)
    {
        RerunResult? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("rerun", maxValue: 1);
                var started = DateTime.UtcNow;
                var progress = new Progress<RerunProgress>(p =>
                {
                    task.Value = (p.Through - p.From).Ticks / (double)(p.To - p.From).Ticks;
                    var rate = p.TradesRead / Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds);
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"rerun {p.TradesRead:N0} trades, {rate:N0} trades/s");
                });
                result = await engine.RunAsync(request, progress, ct);
                task.Value = 1;
            });
        return result!;
    }

    private static string Describe(WindowChange c) => string.Create(CultureInfo.InvariantCulture,
        $"{c.Instrument} {c.Interval} {UtcTime.Format(c.OpenTime)}  trades {c.CountBefore} -> {c.CountAfter} ({c.CountAfter - c.CountBefore:+#;-#;0})  volume {c.VolumeBefore} -> {c.VolumeAfter} ({Signed(c.VolumeAfter - c.VolumeBefore)})");

    private static string Signed(decimal value) => (value > 0 ? "+" : "") + value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Progress as a line every few seconds, for logs and pipes.</summary>
    private sealed class PlainProgress(TextWriter writer) : IProgress<RerunProgress>
    {
        private readonly DateTime _started = DateTime.UtcNow;
        private DateTime _lastLine = DateTime.MinValue;

        public void Report(RerunProgress value)
        {
            var now = DateTime.UtcNow;
            if (now - _lastLine < TimeSpan.FromSeconds(2) && value.Through < value.To) return;
            _lastLine = now;
            var done = (value.Through - value.From).Ticks / (double)(value.To - value.From).Ticks;
            var elapsed = (now - _started).TotalSeconds;
            var eta = done > 0 ? elapsed / done - elapsed : 0;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rerun {done:P0} through {UtcTime.Format(value.Through)}: {value.TradesRead:N0} trades, {value.TradesRead / Math.Max(0.001, elapsed):N0} trades/s, ETA {eta:F0} s"));
        }
    }
}
