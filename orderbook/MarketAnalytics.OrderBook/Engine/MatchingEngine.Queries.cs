namespace MarketAnalytics.OrderBook.Engine;

/// <summary>Reads of the engine's state, converted to exact decimals.</summary>
public sealed partial class MatchingEngine
{
    public bool UserExists(long userId) => TryGetUser(userId, out _);

    /// <summary>True when a credit or debit of the user's <paramref name="asset"/> with this reference has been applied.</summary>
    public bool IsReferenceApplied(long userId, string asset, string reference) =>
        _assetByName.TryGetValue(asset, out var a) && _transfers.ContainsKey(new TransferKey(userId, a, reference));

    /// <summary>The order, open or among its user's retained final orders; null when unknown.</summary>
    public OrderView? GetOrder(long orderId) => _orders.TryGetValue(orderId, out var order) ? View(order) : null;

    /// <summary>The user's open orders and retained final orders, oldest first.</summary>
    public IReadOnlyList<OrderView> OrdersOf(long userId)
    {
        if (!TryGetUser(userId, out var user)) return [];
        var result = new List<OrderView>();
        foreach (var order in _orders.Values())
            if (order.User == user) result.Add(View(order));
        result.Sort((a, b) => a.OrderId.CompareTo(b.OrderId));
        return result;
    }

    /// <summary>Every open order of every user, by id.</summary>
    public IReadOnlyList<OrderView> OpenOrders()
    {
        var result = new List<OrderView>();
        foreach (var order in _orders.Values())
            if (!order.IsFinal) result.Add(View(order));
        result.Sort((a, b) => a.OrderId.CompareTo(b.OrderId));
        return result;
    }

    /// <summary>The user's balance in every asset; null when the user is unknown.</summary>
    public IReadOnlyList<AssetBalance>? Balances(long userId) =>
        TryGetUser(userId, out var user) ? [.. _assets.Select((asset, i) => Balance(user, i))] : null;

    internal AssetBalance Balance(long userId, int asset) => Balance(_users[(int)(userId - 1)], asset);

    private AssetBalance Balance(UserAccount user, int asset) =>
        new(_assets[asset], Amounts.ToDecimal(user.Available[asset]), Amounts.ToDecimal(user.Blocked[asset]));

    /// <summary>The fees collected so far, per asset.</summary>
    public IReadOnlyList<AssetBalance> FeeBalances() =>
        [.. _assets.Select((asset, i) => new AssetBalance(asset, Amounts.ToDecimal(_feeAccount[i]), 0m))];

    /// <summary>Credits minus debits so far, per asset: what all wallets and the fee account together must hold.</summary>
    public IReadOnlyList<AssetBalance> NetDeposits() =>
        [.. _assets.Select((asset, i) => new AssetBalance(asset, Amounts.ToDecimal(_netDeposits[i]), 0m))];

    /// <summary>Up to <paramref name="depth"/> levels of one side of a market's book, best first.</summary>
    public IReadOnlyList<BookLevel> Depth(int market, OrderSide side, int depth)
    {
        var bookSide = _books[market].SideOf(side);
        var spec = _markets[market];
        var count = Math.Min(depth, bookSide.Count);
        var result = new BookLevel[count];
        for (var i = 0; i < count; i++)
        {
            var level = bookSide.FromBest(i);
            result[i] = new BookLevel(spec.Price(level.Price), spec.Quantity(level.TotalLots), level.Count);
        }
        return result;
    }

    /// <summary>Up to <paramref name="limit"/> most recent trades of a market, newest first.</summary>
    public IReadOnlyList<Fill> RecentTrades(int market, int limit) => _books[market].Recent(limit);

    /// <summary>The level at <paramref name="price"/> ticks now; zero quantity and count when it is gone.</summary>
    internal BookLevel Level(BookChange change)
    {
        var spec = _markets[change.Market];
        return _books[change.Market].SideOf(change.Side).Find(change.Price) is { } level
            ? new BookLevel(spec.Price(level.Price), spec.Quantity(level.TotalLots), level.Count)
            : new BookLevel(spec.Price(change.Price), 0m, 0);
    }

    internal IEnumerable<(long UserId, string ApiKeyHash)> ApiKeyHashes() => _users.Select(u => (u.Id, u.ApiKeyHash));

    internal OrderView View(Order order)
    {
        var spec = _markets[order.Market];
        var byFunds = order.IsSizedByFunds;
        var spent = order.FilledNotional + order.Fees;
        return new OrderView(
            order.Id, order.User.Id, spec.Symbol, order.Side, order.Type,
            order.Price > 0 ? spec.Price(order.Price) : null,
            spec.Quantity(byFunds ? order.Filled : order.Original),
            byFunds ? Amounts.ToDecimal(order.Funds) : null,
            byFunds ? Amounts.ToDecimal(spent) : null,
            byFunds ? Amounts.ToDecimal(order.Hold) : null,
            byFunds ? Amounts.ToDecimal(order.Funds - spent - order.Hold) : null,
            order.TimeInForce, order.PostOnly, order.Stp, order.ClientOrderId, order.Status, order.Reason,
            spec.Quantity(order.Filled), spec.Quantity(order.Remaining), byFunds ? 0m : spec.Quantity(order.Canceled),
            Amounts.ToDecimal(order.FilledNotional), Amounts.ToDecimal(order.Fees), Amounts.ToDecimal(order.Hold),
            new DateTime(order.CreatedAt, DateTimeKind.Utc), new DateTime(order.UpdatedAt, DateTimeKind.Utc));
    }
}
