// The child process of the crash test: runs the journaled exchange under a stream of seeded commands and prints one line per
// acknowledged command to a file (the page cache survives a SIGKILL), until it is killed.
// Usage: dotnet MarketAnalytics.OrderBook.CrashHost.dll <data directory> <seed> <acknowledgement file>
using System.Globalization;
using MarketAnalytics.OrderBook;
using MarketAnalytics.OrderBook.Engine;
using MarketAnalytics.OrderBook.Service;
using MarketAnalytics.OrderBook.Tests;

var directory = args[0];
var seed = int.Parse(args[1], CultureInfo.InvariantCulture);
var log = new RecordingMarketLog();
var exchange = new ExchangeService(CrashOptions(directory), log, log, TimeProvider.System);
var generator = new RandomCommands(seed);
var output = new StreamWriter(new FileStream(args[2], FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };

// Users 1..n and their funding survive earlier runs: create only the missing users; credits are idempotent by reference.
for (var user = 1L; user <= generator.Users; user++)
    if (await exchange.GetWalletAsync(user) is null) await exchange.CreateUserAsync();
foreach (var funding in generator.Funding()) await exchange.CreditAsync(funding.User, funding.Asset, funding.Amount, funding.Reference);
output.WriteLine("ready");

for (var wave = 0; ; wave++)
{
    var tasks = new List<Task>();
    for (var i = 0; i < 64; i++)
    {
        RandomCommands.Command command;
        lock (generator) command = generator.Next();
        var key = $"r{seed}-{wave}-{i}";
        tasks.Add(command switch
        {
            RandomCommands.Transfer t => Transfer(t),
            RandomCommands.Cancel c => Cancel(c),
            RandomCommands.Place p => Place(p, key),
            _ => Task.CompletedTask,
        });
    }
    await Task.WhenAll(tasks);
}

async Task Transfer(RandomCommands.Transfer t)
{
    var result = t.Credit
        ? await exchange.CreditAsync(t.User, t.Asset, t.Amount, t.Reference)
        : await exchange.DebitAsync(t.User, t.Asset, t.Amount, t.Reference);
    Ack($"transfer {t.User} {t.Asset} {t.Reference} {result.Outcome}");
}

async Task Cancel(RandomCommands.Cancel c)
{
    var result = await exchange.CancelOrderAsync(c.User, c.Order);
    Ack($"cancel {c.Order} {result.Outcome}");
}

async Task Place(RandomCommands.Place p, string clientOrderId)
{
    var market = exchange.Markets[p.Order.Market];
    var o = p.Order;
    var result = await exchange.PlaceOrderAsync(p.User, new OrderRequest(market.Symbol, o.Side, o.Type,
        o.Price > 0 ? o.Price * market.TickSize : null,
        o.Lots > 0 ? o.Lots * market.LotSize : null,
        o.Funds > 0 ? Amounts.ToDecimal(o.Funds) : null,
        o.TimeInForce, o.PostOnly, clientOrderId, o.Stp));
    if (result.Status is OrderStatus.Open or OrderStatus.PartiallyFilled)
        lock (generator) generator.Rested(p.User, result.OrderId);
    Ack($"place {result.OrderId} {clientOrderId} {result.Status}");
}

void Ack(string line)
{
    lock (output) output.WriteLine("ack " + line);
}

static ExchangeOptions CrashOptions(string directory) => new()
{
    DataDirectory = directory,
    SnapshotEveryCommands = 1_500,
    ClosedOrdersPerUser = 1_000_000,
};
