// The child process of the embedded log's crash and lock tests.
//   append <log dir> <first trade id> <batch size> : appends batches of numbered trades forever, printing "acked <last id>" once
//                                                    each batch's append has returned; the test kills it with SIGKILL.
//   hold <log dir>                                 : opens the log, prints "open", and keeps it open until stdin closes.
using System.Globalization;
using MarketAnalytics.Core;
using MarketAnalytics.Storage.EmbeddedLog;

var mode = args[0];
await using var log = EmbeddedLog.Open(args[1]);
if (mode == "hold")
{
    Console.WriteLine("open");
    await Console.In.ReadToEndAsync();
    return;
}

var instrument = InstrumentId.Parse("bitmex:XBTUSD");
var next = long.Parse(args[2], CultureInfo.InvariantCulture);
var batchSize = int.Parse(args[3], CultureInfo.InvariantCulture);
var start = new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc);
var batch = new Trade[batchSize];
while (true)
{
    for (var i = 0; i < batchSize; i++, next++)
    {
        batch[i] = new Trade(instrument, next.ToString(CultureInfo.InvariantCulture), start.AddMilliseconds(next),
            90_000m + next % 1000 / 10m, 0.001m * (next % 7 + 1), 90m, next % 2 == 0 ? TakerSide.Buy : TakerSide.Sell);
    }
    await log.AppendTradesAsync(batch, CancellationToken.None);
    Console.WriteLine($"acked {next - 1}");
}
