using System.Globalization;
using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Tests;

/// <summary>Runs a scenario file against a fresh engine: one command or expectation per line, failing at the first mismatch.</summary>
/// <remarks>
/// The format (markets are the defaults, users are created on first mention, <c>#</c> starts a comment):
/// <code>
/// credit USER ASSET AMOUNT REF [=> applied|already_applied|insufficient_funds|...]
/// debit USER ASSET AMOUNT REF [=> ...]
/// place USER LABEL buy|sell limit|market SYMBOL [price=P] [qty=Q] [funds=F] [tif=GTC|IOC|FOK] [post_only] [stp=MODE] [cid=ID] [=> STATUS [REASON]]
/// cancel USER LABEL [=> canceled|not_found|not_owner|already_final]
/// replace USER OLDLABEL NEWLABEL price=P qty=Q [cid=ID] [=> OLDOUTCOME NEWSTATUS [REASON]]   cancel-replace in one command
/// trades none | PRICExQTY[@MAKERLABEL] ...        the trades of the last command, in order
/// order LABEL [status=S] [reason=R] [filled=Q] [remaining=Q] [canceled=Q]
/// book SYMBOL bids=PxQxN,...|- asks=PxQxN,...|-   the whole book, best first
/// balance USER ASSET AVAILABLE BLOCKED
/// fees ASSET AMOUNT
/// </code>
/// </remarks>
public sealed class ScenarioRunner
{
    private readonly MatchingEngine _engine = new(new ExchangeOptions());
    private readonly Dictionary<string, long> _users = [];
    private readonly Dictionary<string, long> _orders = [];
    private long _time = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    public static void Run(string path)
    {
        var runner = new ScenarioRunner();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0) continue;
            try
            {
                runner.Execute(line);
            }
            catch (Exception e) when (e is not ScenarioFailure)
            {
                throw new ScenarioFailure($"{Path.GetFileName(path)}:{lineNumber}: {line}\n{e.Message}");
            }
        }
    }

    private void Execute(string line)
    {
        var arrow = line.IndexOf("=>", StringComparison.Ordinal);
        var expected = arrow >= 0 ? line[(arrow + 2)..].Trim() : null;
        var words = (arrow >= 0 ? line[..arrow] : line).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        _time += TimeSpan.TicksPerSecond;
        switch (words[0])
        {
            case "credit":
            case "debit":
                var user = User(words[1]);
                var outcome = words[0] == "credit"
                    ? _engine.Credit(user, words[2], Decimal(words[3]), words[4])
                    : _engine.Debit(user, words[2], Decimal(words[3]), words[4]);
                Check(expected ?? "applied", Snake(outcome.ToString()), "wallet outcome");
                break;
            case "place":
                Place(words, expected);
                break;
            case "cancel":
                var canceled = _engine.Cancel(User(words[1]), _orders[words[2]], _time);
                Check(expected ?? "canceled", Snake(canceled.ToString()), "cancel outcome");
                break;
            case "replace":
                Replace(words, expected);
                break;
            case "trades":
                var actual = _engine.Fills.Select(f =>
                    $"{_engine.Markets[f.Market].Price(f.Price).ToString(CultureInfo.InvariantCulture)}x" +
                    $"{_engine.Markets[f.Market].Quantity(f.Lots).ToString(CultureInfo.InvariantCulture)}@{Label(f.MakerOrderId)}").ToList();
                var wanted = words[1] == "none" ? [] : words.Skip(1).ToList();
                if (actual.Count != wanted.Count) Fail($"trades: expected {wanted.Count} [{string.Join(' ', wanted)}], got [{string.Join(' ', actual)}]");
                for (var i = 0; i < wanted.Count; i++)
                {
                    var parts = wanted[i].Split('@');
                    var got = actual[i].Split('@');
                    var (price, quantity) = Pair(parts[0]);
                    var (gotPrice, gotQuantity) = Pair(got[0]);
                    if (price != gotPrice || quantity != gotQuantity || (parts.Length > 1 && parts[1] != got[1]))
                        Fail($"trade {i + 1}: expected {wanted[i]}, got {actual[i]}");
                }
                break;
            case "order":
                var view = _engine.GetOrder(_orders[words[1]]) ?? throw new ScenarioFailure($"order {words[1]} is not known");
                foreach (var (key, value) in words.Skip(2).Select(KeyValue))
                {
                    switch (key)
                    {
                        case "status": Check(value, Snake(view.Status.ToString()), "status"); break;
                        case "reason": Check(value, view.Reason ?? "-", "reason"); break;
                        case "filled": CheckAmount(value, view.FilledQuantity, "filled"); break;
                        case "remaining": CheckAmount(value, view.RemainingQuantity, "remaining"); break;
                        case "canceled": CheckAmount(value, view.CanceledQuantity, "canceled"); break;
                        default: Fail($"unknown order field {key}"); break;
                    }
                }
                break;
            case "book":
                if (!_engine.TryGetMarket(words[1], out var market)) Fail($"unknown market {words[1]}");
                foreach (var (key, value) in words.Skip(2).Select(KeyValue))
                {
                    var side = key == "bids" ? OrderSide.Buy : OrderSide.Sell;
                    var levels = _engine.Depth(market.Index, side, int.MaxValue)
                        .Select(l => $"{Text(l.Price)}x{Text(l.Quantity)}x{l.OrderCount}");
                    var got = string.Join(',', levels);
                    var want = value == "-" ? "" : string.Join(',', value.Split(',').Select(Level));
                    Check(want, got, key);
                }
                break;
            case "balance":
                var balance = _engine.Balances(User(words[1]))!.Single(b => b.Asset == words[2]);
                CheckAmount(words[3], balance.Available, $"{words[1]} {words[2]} available");
                CheckAmount(words[4], balance.Blocked, $"{words[1]} {words[2]} blocked");
                break;
            case "fees":
                CheckAmount(words[2], _engine.FeeBalances().Single(b => b.Asset == words[1]).Available, $"fees {words[1]}");
                break;
            default:
                Fail($"unknown command {words[0]}");
                break;
        }
    }

    private void Place(string[] words, string? expected)
    {
        var options = words.Skip(6).Select(KeyValue).ToDictionary(p => p.Key, p => p.Value);
        decimal? Optional(string key) => options.TryGetValue(key, out var v) ? Decimal(v) : null;
        var request = new OrderRequest(
            words[5],
            words[3] == "buy" ? OrderSide.Buy : OrderSide.Sell,
            words[4] == "limit" ? OrderType.Limit : OrderType.Market,
            Optional("price"),
            Optional("qty"),
            Optional("funds"),
            options.TryGetValue("tif", out var tif) ? Enum.Parse<TimeInForce>(tif, ignoreCase: true) : TimeInForce.Gtc,
            options.ContainsKey("post_only"),
            options.GetValueOrDefault("cid"),
            options.TryGetValue("stp", out var stp) ? Enum.Parse<SelfTradePrevention>(stp.Replace("_", ""), ignoreCase: true) : SelfTradePrevention.CancelNewest);
        var outcome = _engine.Place(User(words[1]), request, _time);
        _orders[words[2]] = outcome.OrderId;
        if (expected is null) return;
        var parts = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Check(parts[0], Snake(outcome.Status.ToString()), "status");
        if (parts.Length > 1) Check(parts[1], outcome.Reason ?? "-", "reason");
    }

    private void Replace(string[] words, string? expected)
    {
        var options = words.Skip(4).Select(KeyValue).ToDictionary(p => p.Key, p => p.Value);
        var outcome = _engine.Replace(User(words[1]), _orders[words[2]], Decimal(options["price"]), Decimal(options["qty"]), _time,
            options.GetValueOrDefault("cid"));
        _orders[words[3]] = outcome.New.OrderId;
        if (expected is null) return;
        var parts = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Check(parts[0], Snake(outcome.Old.ToString()), "old order outcome");
        if (parts.Length > 1) Check(parts[1], Snake(outcome.New.Status.ToString()), "new order status");
        if (parts.Length > 2) Check(parts[2], outcome.New.Reason ?? "-", "new order reason");
    }

    private long User(string name)
    {
        if (!_users.TryGetValue(name, out var id)) _users[name] = id = _engine.CreateUser($"hash-of-{name}");
        return id;
    }

    private string Label(long orderId) => _orders.FirstOrDefault(o => o.Value == orderId).Key ?? orderId.ToString(CultureInfo.InvariantCulture);

    private static (string Key, string Value) KeyValue(string word)
    {
        var eq = word.IndexOf('=');
        return eq < 0 ? (word, "") : (word[..eq], word[(eq + 1)..]);
    }

    private static (decimal, decimal) Pair(string text)
    {
        var parts = text.Split('x');
        return (Decimal(parts[0]), Decimal(parts[1]));
    }

    private static string Level(string text)
    {
        var parts = text.Split('x');
        return $"{Text(Decimal(parts[0]))}x{Text(Decimal(parts[1]))}x{parts[2]}";
    }

    private static decimal Decimal(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static string Text(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static void Check(string expected, string actual, string what)
    {
        if (expected != actual) Fail($"{what}: expected {expected}, got {actual}");
    }

    private static void CheckAmount(string expected, decimal actual, string what)
    {
        if (Decimal(expected) != actual) Fail($"{what}: expected {expected}, got {actual.ToString(CultureInfo.InvariantCulture)}");
    }

    private static void Fail(string message) => throw new ScenarioFailure(message);
}
