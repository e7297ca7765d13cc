namespace MarketAnalytics.OrderBook.Engine;

/// <summary>The exchange's state machine: books, orders and wallets, changed only by commands applied one at a time.</summary>
/// <remarks>
/// No I/O and no clock: every command carries its time (UTC ticks), so applying the same commands to the same state always gives the
/// same state (<see cref="StateHash"/>). Not thread-safe; one writer (the sequencer) owns it. Price-time priority, FIFO within a
/// level, trades at the resting order's price. Each fill moves the buyer's quote, the seller's base and both fees in one step.
/// What the last command changed (fills, orders, wallets, levels) is readable until the next command.
/// <para>The hot path allocates nothing once warm: order objects are pooled (an order forgotten by one command is reused from the
/// next one on, so what the command touched stays readable), orders are found by id in an open-addressing table, users by index.</para>
/// </remarks>
public sealed partial class MatchingEngine
{
    private readonly MarketSpec[] _markets;
    private readonly MarketBook[] _books;
    private readonly Dictionary<string, int> _marketBySymbol = new(StringComparer.Ordinal);
    private readonly string[] _assets;
    private readonly Dictionary<string, int> _assetByName = new(StringComparer.Ordinal);
    private readonly OrderIndex _orders = new();
    private readonly List<UserAccount> _users = [];
    private Order[] _retiredOrders = new Order[64];
    private int _retiredOrderCount;
    private Order[] _freeOrders = new Order[1024];
    private int _freeOrderCount;
    private readonly Dictionary<TransferKey, AppliedTransfer> _transfers = [];
    // References applied before they were scoped per user and asset (read from an older snapshot): their parameters are unknown.
    private readonly HashSet<string> _unscopedReferences = new(StringComparer.Ordinal);
    // Every reference applied, whoever it belonged to, for replaying transfers journaled when references were one global namespace.
    private readonly HashSet<string> _globalReferences = new(StringComparer.Ordinal);
    private readonly long[] _feeAccount;
    private readonly long[] _netDeposits;
    private readonly int _closedOrdersPerUser;

    private readonly List<Fill> _fills = [];
    private readonly TouchedList<Order> _touchedOrders = new();
    private readonly TouchedList<WalletChange> _touchedWallets = new();
    private readonly TouchedList<BookChange> _touchedLevels = new();

    private long _nextOrderId = 1;
    private long _nextTradeId = 1;
    private long _nextUserId = 1;
    private long _stamp;
    private long _now;

    /// <summary>Creates an empty engine for the markets of <paramref name="options"/>; throws when the options are invalid.</summary>
    public MatchingEngine(ExchangeOptions options)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), nameof(options));
        var configured = options.ResolveMarkets();
        var assetNames = new List<string>();
        int AssetOf(string name)
        {
            if (!_assetByName.TryGetValue(name, out var index))
            {
                index = assetNames.Count;
                _assetByName[name] = index;
                assetNames.Add(name);
            }
            return index;
        }
        _markets = new MarketSpec[configured.Count];
        _books = new MarketBook[configured.Count];
        for (var i = 0; i < configured.Count; i++)
        {
            _markets[i] = new MarketSpec(i, configured[i], AssetOf(configured[i].BaseAsset), AssetOf(configured[i].QuoteAsset));
            _books[i] = new MarketBook(options.RecentTradesPerMarket);
            _marketBySymbol[configured[i].Symbol] = i;
        }
        _assets = [.. assetNames];
        _feeAccount = new long[_assets.Length];
        _netDeposits = new long[_assets.Length];
        _closedOrdersPerUser = options.ClosedOrdersPerUser;
    }

    public IReadOnlyList<MarketSpec> Markets => _markets;

    /// <summary>Every asset of every market, in order of first appearance.</summary>
    public IReadOnlyList<string> Assets => _assets;

    /// <summary>The trades the last command made, in the order they happened.</summary>
    public IReadOnlyList<Fill> Fills => _fills;

    internal IReadOnlyList<Order> TouchedOrders => _touchedOrders;

    internal IReadOnlyList<WalletChange> TouchedWallets => _touchedWallets;

    internal IReadOnlyList<BookChange> TouchedLevels => _touchedLevels;

    public bool TryGetMarket(string symbol, out MarketSpec market)
    {
        market = null!;
        if (!_marketBySymbol.TryGetValue(symbol, out var index)) return false;
        market = _markets[index];
        return true;
    }

    /// <summary>Creates a user with no balances; <paramref name="apiKeyHash"/> is kept so keys can be checked after a restart.</summary>
    public long CreateUser(string apiKeyHash)
    {
        BeginCommand(_now);
        var id = _nextUserId++;
        _users.Add(new UserAccount(id, apiKeyHash, _assets.Length));
        return id;
    }

    /// <summary>Adds <paramref name="amount"/> to the available balance, once per user, asset and <paramref name="reference"/>.</summary>
    /// <remarks>A repeat with the same amount answers <see cref="WalletOutcome.AlreadyApplied"/>; the same reference with another
    /// amount or as a debit answers <see cref="WalletOutcome.ReferenceConflict"/>. Either way nothing changes.</remarks>
    public WalletOutcome Credit(long userId, string asset, decimal amount, string reference) =>
        Transfer(userId, asset, amount, reference, credit: true, scoped: true);

    /// <summary>Takes <paramref name="amount"/> from the available balance (never below zero), once per user, asset and
    /// <paramref name="reference"/>, like <see cref="Credit"/>.</summary>
    public WalletOutcome Debit(long userId, string asset, decimal amount, string reference) =>
        Transfer(userId, asset, amount, reference, credit: false, scoped: true);

    /// <summary>A transfer as versions before per-user references applied it: any earlier use of the reference, by anyone,
    /// makes it <see cref="WalletOutcome.AlreadyApplied"/>. Only for replaying journals written by those versions.</summary>
    internal WalletOutcome UnscopedTransfer(long userId, string asset, decimal amount, string reference, bool credit) =>
        Transfer(userId, asset, amount, reference, credit, scoped: false);

    private WalletOutcome Transfer(long userId, string asset, decimal amount, string reference, bool credit, bool scoped)
    {
        BeginCommand(_now);
        if (string.IsNullOrEmpty(reference) || reference.Length > 128) return WalletOutcome.InvalidReference;
        if (!TryGetUser(userId, out var user)) return WalletOutcome.UnknownUser;
        if (!_assetByName.TryGetValue(asset, out var a)) return WalletOutcome.UnknownAsset;
        if (!Amounts.TryToUnits(amount, out var units) || units == 0) return WalletOutcome.InvalidAmount;
        var key = new TransferKey(userId, a, reference);
        if (scoped)
        {
            if (_transfers.TryGetValue(key, out var applied))
                return applied == new AppliedTransfer(credit, units) ? WalletOutcome.AlreadyApplied : WalletOutcome.ReferenceConflict;
            if (_unscopedReferences.Contains(reference)) return WalletOutcome.ReferenceConflict;
        }
        else if (_globalReferences.Contains(reference)) return WalletOutcome.AlreadyApplied;
        if (credit)
        {
            // Balances and the exchange's total stay far below 2⁶³ so fills, holds and sums never overflow.
            if (units > Amounts.MaxBalance || user.Available[a] + user.Blocked[a] + units > Amounts.MaxBalance
                || _netDeposits[a] + units > Amounts.MaxSupply) return WalletOutcome.InvalidAmount;
            user.Available[a] += units;
            _netDeposits[a] += units;
        }
        else
        {
            if (user.Available[a] < units) return WalletOutcome.InsufficientFunds;
            user.Available[a] -= units;
            _netDeposits[a] -= units;
        }
        _transfers[key] = new AppliedTransfer(credit, units);
        _globalReferences.Add(reference);
        TouchWallet(user, a);
        return WalletOutcome.Applied;
    }

    /// <summary>Places an order given in decimals at <paramref name="time"/> (UTC ticks); off-grid values are rejected, never rounded.</summary>
    public PlaceOutcome Place(long userId, OrderRequest request, long time)
    {
        BeginCommand(time);
        if (!_marketBySymbol.TryGetValue(request.Symbol, out var m)) return new PlaceOutcome(0, OrderStatus.Rejected, OrderReasons.UnknownMarket);
        var spec = _markets[m];
        var priceReason = ToGrid(request.Price, spec.TickSize, OrderReasons.InvalidPrice, OrderReasons.PriceOffTick, out var price);
        var quantityReason = ToGrid(request.Quantity, spec.LotSize, OrderReasons.InvalidQuantity, OrderReasons.QuantityOffLot, out var lots);
        var fundsReason = ToGrid(request.Funds, 0.00000001m, OrderReasons.InvalidFunds, OrderReasons.InvalidFunds, out var funds);
        var reason = priceReason ?? quantityReason ?? fundsReason;
        var order = new GridOrder(m, request.Side, request.Type, price, lots, funds, request.TimeInForce, request.PostOnly, request.Stp,
            request.ClientOrderId);
        return PlaceNew(userId, order, reason);
    }

    /// <summary>Places an order already on the market's grid at <paramref name="time"/> (UTC ticks).</summary>
    public PlaceOutcome Place(long userId, in GridOrder request, long time)
    {
        BeginCommand(time);
        return PlaceNew(userId, request, null);
    }

    /// <summary>Cancel-replace (amend) in one command: cancels the user's open order <paramref name="orderId"/> and places a new limit
    /// order at <paramref name="price"/> for <paramref name="quantity"/>, given in decimals, at <paramref name="time"/> (UTC ticks).</summary>
    /// <remarks>Cancel first, then place, atomically: when the old order cannot be canceled (unknown, another user's, final) nothing
    /// changes. Otherwise the old order is canceled (reason <see cref="OrderReasons.Replaced"/>) and its remainder's hold released,
    /// then the new order, with a new id and the old one's market, side, type, time in force, post-only flag and self-trade mode,
    /// goes through every check and the matching of <see cref="Place(long, OrderRequest, long)"/>. If the new order is rejected
    /// (funds, grid, minimum notional, post-only) the old one stays canceled and <see cref="ReplaceOutcome.New"/> says why. Filled
    /// quantity is not carried over: the new quantity is what the new order offers. The new order loses the old one's time
    /// priority, even at the same price.</remarks>
    public ReplaceOutcome Replace(long userId, long orderId, decimal price, decimal quantity, long time, string? clientOrderId = null)
    {
        BeginCommand(time);
        var canceled = CancelForReplace(userId, orderId, out var old);
        if (canceled != CancelOutcome.Canceled) return new ReplaceOutcome(canceled, NotReplaced);
        var spec = _markets[old.Market];
        var priceReason = ToGrid(price, spec.TickSize, OrderReasons.InvalidPrice, OrderReasons.PriceOffTick, out var ticks);
        var quantityReason = ToGrid(quantity, spec.LotSize, OrderReasons.InvalidQuantity, OrderReasons.QuantityOffLot, out var lots);
        var request = new GridOrder(old.Market, old.Side, old.Type, ticks, lots, 0, old.TimeInForce, old.PostOnly, old.Stp, clientOrderId);
        return new ReplaceOutcome(CancelOutcome.Canceled, PlaceNew(userId, request, priceReason ?? quantityReason));
    }

    /// <summary>Cancel-replace with the new price in ticks and quantity in lots; otherwise exactly
    /// <see cref="Replace(long, long, decimal, decimal, long, string?)"/>.</summary>
    public ReplaceOutcome Replace(long userId, long orderId, long price, long lots, long time, string? clientOrderId = null)
    {
        BeginCommand(time);
        var canceled = CancelForReplace(userId, orderId, out var old);
        if (canceled != CancelOutcome.Canceled) return new ReplaceOutcome(canceled, NotReplaced);
        var request = new GridOrder(old.Market, old.Side, old.Type, price, lots, 0, old.TimeInForce, old.PostOnly, old.Stp, clientOrderId);
        return new ReplaceOutcome(CancelOutcome.Canceled, PlaceNew(userId, request, null));
    }

    private static readonly PlaceOutcome NotReplaced = new(0, OrderStatus.Rejected, OrderReasons.OldOrderNotCanceled);

    private CancelOutcome CancelForReplace(long userId, long orderId, out Order old)
    {
        var outcome = CheckCancel(userId, orderId, out old);
        if (outcome == CancelOutcome.Canceled) CancelRemainder(old, OrderReasons.Replaced);
        return outcome;
    }

    private static string? ToGrid(decimal? value, decimal step, string invalid, string offGrid, out long count)
    {
        count = 0;
        if (value is not { } v) return null;
        return Amounts.ToGrid(v, step, out count) switch
        {
            Amounts.GridResult.OnGrid => null,
            Amounts.GridResult.NotPositive => invalid,
            Amounts.GridResult.TooLarge => OrderReasons.AmountTooLarge,
            _ => offGrid,
        };
    }

    /// <summary>Places a new order within the current command; <paramref name="reason"/> is a rejection found before (grid).</summary>
    private PlaceOutcome PlaceNew(long userId, in GridOrder request, string? reason)
    {
        if (!TryGetUser(userId, out var user)) return new PlaceOutcome(0, OrderStatus.Rejected, OrderReasons.UnknownUser);
        if ((uint)request.Market >= (uint)_markets.Length) return new PlaceOutcome(0, OrderStatus.Rejected, OrderReasons.UnknownMarket);
        var spec = _markets[request.Market];
        var book = _books[request.Market];
        var order = RentOrder();
        order.Id = _nextOrderId++;
        order.User = user;
        order.Market = request.Market;
        order.Side = request.Side;
        order.Type = request.Type;
        order.TimeInForce = request.TimeInForce;
        order.PostOnly = request.PostOnly;
        order.Stp = request.Stp;
        order.ClientOrderId = request.ClientOrderId;
        order.Price = request.Price;
        order.Original = request.Lots;
        order.Remaining = request.Lots;
        order.Funds = request.Funds;
        order.Status = OrderStatus.Open;
        order.CreatedAt = _now;
        order.UpdatedAt = _now;
        reason ??= Validate(order, spec) ?? SetHold(order, spec);
        if (reason is null && order.ClientOrderId is { } cid && user.ClientOrderIds.ContainsKey(cid))
            reason = OrderReasons.DuplicateClientOrderId;
        var holdAsset = order.Side == OrderSide.Buy ? spec.QuoteAsset : spec.BaseAsset;
        if (reason is null && user.Available[holdAsset] < order.Hold) reason = OrderReasons.InsufficientFunds;
        if (reason is null && order.PostOnly && book.Opposite(order.Side).Crosses(order.Price)) reason = OrderReasons.PostOnlyWouldTake;
        if (reason is not null)
        {
            // A rejected order blocks nothing and trades nothing: its whole quantity counts as canceled.
            order.Hold = 0;
            order.Canceled = order.Remaining;
            order.Remaining = 0;
            order.Status = OrderStatus.Rejected;
            order.Reason = reason;
            _orders.Add(order);
            Close(order);
            return new PlaceOutcome(order.Id, OrderStatus.Rejected, reason);
        }

        if (order.ClientOrderId is { } clientOrderId) user.ClientOrderIds[clientOrderId] = order.Id;
        _orders.Add(order);
        user.Available[holdAsset] -= order.Hold;
        user.Blocked[holdAsset] += order.Hold;
        TouchWallet(user, holdAsset);
        TouchOrder(order);

        if (order.TimeInForce == TimeInForce.Fok && !CanFillCompletely(order, book))
        {
            CancelRemainder(order, OrderReasons.FillOrKill);
            return new PlaceOutcome(order.Id, order.Status, order.Reason);
        }

        var end = Match(order, spec, book);
        if (!order.IsFinal)
        {
            if (order.IsSizedByFunds)
            {
                if (end == MatchEnd.FundsExhausted && order.Filled > 0) Complete(order);
                else CancelRemainder(order, OrderReasons.NoLiquidity);
            }
            else if (order.Remaining == 0) Complete(order);
            else if (order.Type == OrderType.Market) CancelRemainder(order, OrderReasons.NoLiquidity);
            else if (order.TimeInForce == TimeInForce.Gtc) Rest(order, book);
            else CancelRemainder(order, OrderReasons.ImmediateOrCancel);
        }
        return new PlaceOutcome(order.Id, order.Status, order.Reason);
    }

    private static string? Validate(Order order, MarketSpec spec)
    {
        if (order.ClientOrderId is { } cid && (cid.Length == 0 || cid.Length > 64)) return OrderReasons.InvalidClientOrderId;
        if (order.Price > Amounts.MaxGridCount || order.Original > Amounts.MaxGridCount || order.Funds > Amounts.MaxGridCount)
            return OrderReasons.AmountTooLarge;
        if (order.Type == OrderType.Limit)
        {
            if (order.Price <= 0) return OrderReasons.InvalidPrice;
            if (order.Original <= 0) return OrderReasons.InvalidQuantity;
            if (order.Funds != 0) return OrderReasons.FundsNotAllowed;
            if (order.PostOnly && order.TimeInForce != TimeInForce.Gtc) return OrderReasons.PostOnlyNotAllowed;
            // Every resting order's value stays within a wallet's bound, so a market buy's cost of it (plus fee) cannot overflow.
            if (!spec.TryNotional(order.Price, order.Original, out var notional) || notional > Amounts.MaxBalance) return OrderReasons.AmountTooLarge;
            return notional < spec.MinNotionalUnits ? OrderReasons.BelowMinNotional : null;
        }
        if (order.Price != 0) return OrderReasons.PriceNotAllowed;
        if (order.PostOnly) return OrderReasons.PostOnlyNotAllowed;
        if (order.TimeInForce == TimeInForce.Fok) return OrderReasons.InvalidTimeInForce;
        if (order.Side == OrderSide.Buy)
        {
            if (order.Original != 0) return OrderReasons.QuantityNotAllowed;
            if (order.Funds <= 0) return OrderReasons.InvalidFunds;
            return order.Funds < spec.MinNotionalUnits ? OrderReasons.BelowMinNotional : null;
        }
        if (order.Funds != 0) return OrderReasons.FundsNotAllowed;
        return order.Original <= 0 ? OrderReasons.InvalidQuantity : null;
    }

    private static string? SetHold(Order order, MarketSpec spec)
    {
        if (order.IsSizedByFunds) order.Hold = order.Funds;
        else
        {
            var perLot = spec.LotUnits;
            if (order.Side == OrderSide.Buy && !spec.TryBuyHoldPerLot(order.Price, out perLot)) return OrderReasons.AmountTooLarge;
            order.HoldPerLot = perLot;
            if (!Amounts.TryMultiply(order.Original, perLot, out var hold)) return OrderReasons.AmountTooLarge;
            order.Hold = hold;
        }
        return order.Hold > Amounts.MaxBalance ? OrderReasons.AmountTooLarge : null;
    }

    private enum MatchEnd
    {
        PriceLimit,
        BookEmpty,
        FundsExhausted,
        Done,
    }

    private MatchEnd Match(Order taker, MarketSpec spec, MarketBook book)
    {
        var opposite = book.Opposite(taker.Side);
        while (true)
        {
            var level = opposite.Best;
            if (level is null) return MatchEnd.BookEmpty;
            if (taker.Type == OrderType.Limit && (taker.Side == OrderSide.Buy ? level.Price > taker.Price : level.Price < taker.Price))
                return MatchEnd.PriceLimit;
            var maker = level.Head!;
            if (maker.User == taker.User)
            {
                if (!PreventSelfTrade(taker, maker)) return MatchEnd.Done;
                continue;
            }
            long lots;
            if (taker.IsSizedByFunds)
            {
                lots = spec.AffordableLots(level.Price, taker.Hold, maker.Remaining);
                if (lots == 0) return MatchEnd.FundsExhausted;
            }
            else lots = Math.Min(taker.Remaining, maker.Remaining);
            Trade(taker, maker, level, lots, spec, book);
            if (maker.Remaining == 0)
            {
                RemoveFromBook(maker);
                Complete(maker);
            }
            if (!taker.IsSizedByFunds && taker.Remaining == 0) return MatchEnd.Done;
        }
    }

    /// <summary>Settles one fill: the buyer's quote and base, the seller's base and quote and the fee account, all in this step.</summary>
    private void Trade(Order taker, Order maker, PriceLevel level, long lots, MarketSpec spec, MarketBook book)
    {
        var notional = level.Price * lots * spec.UnitsPerTickLot;
        var takerFee = MarketSpec.Fee(notional, spec.TakerRate);
        var makerFee = MarketSpec.Fee(notional, spec.MakerRate);
        var takerBuys = taker.Side == OrderSide.Buy;
        var buy = takerBuys ? taker : maker;
        var sell = takerBuys ? maker : taker;
        var buyFee = takerBuys ? takerFee : makerFee;
        var sellFee = takerBuys ? makerFee : takerFee;
        var q = spec.QuoteAsset;
        var b = spec.BaseAsset;
        var baseUnits = lots * spec.LotUnits;

        // A buy below its limit releases its per-lot hold and pays less: the difference goes back to available here.
        var released = buy.IsSizedByFunds ? notional + buyFee : lots * buy.HoldPerLot;
        var buyer = buy.User;
        buyer.Blocked[q] -= released;
        buyer.Available[q] += released - notional - buyFee;
        buyer.Available[b] += baseUnits;
        buy.Hold -= released;
        var seller = sell.User;
        seller.Blocked[b] -= baseUnits;
        seller.Available[q] += notional - sellFee;
        sell.Hold -= baseUnits;
        _feeAccount[q] += takerFee + makerFee;

        taker.Filled += lots;
        maker.Filled += lots;
        if (!taker.IsSizedByFunds) taker.Remaining -= lots;
        maker.Remaining -= lots;
        level.TotalLots -= lots;
        taker.FilledNotional += notional;
        maker.FilledNotional += notional;
        taker.Fees += takerFee;
        maker.Fees += makerFee;
        taker.Status = OrderStatus.PartiallyFilled;
        maker.Status = OrderStatus.PartiallyFilled;
        taker.UpdatedAt = _now;
        maker.UpdatedAt = _now;

        var fill = new Fill(_nextTradeId++, spec.Index, level.Price, lots, notional, taker.Side, taker.Id, maker.Id, taker.User.Id,
            maker.User.Id, takerFee, makerFee, _now);
        _fills.Add(fill);
        book.Record(fill);
        TouchWallet(buyer, q);
        TouchWallet(buyer, b);
        TouchWallet(seller, q);
        TouchWallet(seller, b);
        TouchOrder(taker);
        TouchOrder(maker);
        TouchLevel(maker.Market, maker.Side, level);
    }

    /// <summary>Applies the incoming order's self-trade mode against its own resting <paramref name="maker"/>; false when the
    /// incoming order is done.</summary>
    private bool PreventSelfTrade(Order taker, Order maker)
    {
        var mode = taker.Stp == SelfTradePrevention.Decrement && taker.IsSizedByFunds ? SelfTradePrevention.CancelNewest : taker.Stp;
        switch (mode)
        {
            case SelfTradePrevention.CancelOldest:
                CancelRemainder(maker, OrderReasons.SelfTrade);
                return true;
            case SelfTradePrevention.CancelBoth:
                CancelRemainder(maker, OrderReasons.SelfTrade);
                CancelRemainder(taker, OrderReasons.SelfTrade);
                return false;
            case SelfTradePrevention.Decrement:
                var lots = Math.Min(taker.Remaining, maker.Remaining);
                Decrease(maker, lots);
                Decrease(taker, lots);
                if (maker.Remaining == 0) CancelRemainder(maker, OrderReasons.SelfTrade);
                if (taker.Remaining > 0) return true;
                CancelRemainder(taker, OrderReasons.SelfTrade);
                return false;
            default:
                CancelRemainder(taker, OrderReasons.SelfTrade);
                return false;
        }
    }

    private void Decrease(Order order, long lots)
    {
        order.Remaining -= lots;
        order.Canceled += lots;
        order.UpdatedAt = _now;
        if (order.Level is { } level)
        {
            level.TotalLots -= lots;
            TouchLevel(order.Market, order.Side, level);
        }
        ReleaseHold(order, lots * order.HoldPerLot);
        TouchOrder(order);
    }

    private bool CanFillCompletely(Order taker, MarketBook book)
    {
        var needed = taker.Remaining;
        var opposite = book.Opposite(taker.Side);
        for (var depth = 0; depth < opposite.Count; depth++)
        {
            var level = opposite.FromBest(depth);
            if (taker.Side == OrderSide.Buy ? level.Price > taker.Price : level.Price < taker.Price) return false;
            for (var maker = level.Head; maker is not null; maker = maker.Next)
            {
                if (maker.User == taker.User)
                {
                    // Only cancel_oldest keeps matching past an own order; every other mode stops the incoming order there.
                    if (taker.Stp == SelfTradePrevention.CancelOldest) continue;
                    return false;
                }
                needed -= maker.Remaining;
                if (needed <= 0) return true;
            }
        }
        return false;
    }

    /// <summary>Cancels a user's open or partially filled order, releasing exactly what it still blocks.</summary>
    public CancelOutcome Cancel(long userId, long orderId, long time)
    {
        BeginCommand(time);
        var outcome = CheckCancel(userId, orderId, out var order);
        if (outcome == CancelOutcome.Canceled) CancelRemainder(order, OrderReasons.UserCanceled);
        return outcome;
    }

    /// <summary>Whether the user may cancel the order: <see cref="CancelOutcome.Canceled"/> when it is theirs and still open.</summary>
    private CancelOutcome CheckCancel(long userId, long orderId, out Order order)
    {
        if (!_orders.TryGetValue(orderId, out order!)) return CancelOutcome.NotFound;
        if (order.User.Id != userId) return CancelOutcome.NotOwner;
        return order.IsFinal ? CancelOutcome.AlreadyFinal : CancelOutcome.Canceled;
    }

    private void Rest(Order order, MarketBook book)
    {
        var side = book.SideOf(order.Side);
        var level = side.GetOrAdd(order.Price, out _);
        level.Append(order);
        TouchLevel(order.Market, order.Side, level);
    }

    private void RemoveFromBook(Order order)
    {
        if (order.Level is not { } level) return;
        level.Remove(order);
        TouchLevel(order.Market, order.Side, level);
        if (level.Count == 0) _books[order.Market].SideOf(order.Side).Remove(level);
    }

    private void CancelRemainder(Order order, string reason)
    {
        RemoveFromBook(order);
        order.Canceled += order.Remaining;
        order.Remaining = 0;
        ReleaseHold(order, order.Hold);
        order.Status = OrderStatus.Canceled;
        order.Reason = reason;
        order.UpdatedAt = _now;
        Close(order);
    }

    private void Complete(Order order)
    {
        // A market buy sized by funds may end with change that no further lot could use.
        ReleaseHold(order, order.Hold);
        order.Status = OrderStatus.Filled;
        order.UpdatedAt = _now;
        Close(order);
    }

    private void ReleaseHold(Order order, long amount)
    {
        if (amount == 0) return;
        var spec = _markets[order.Market];
        var asset = order.Side == OrderSide.Buy ? spec.QuoteAsset : spec.BaseAsset;
        order.User.Blocked[asset] -= amount;
        order.User.Available[asset] += amount;
        order.Hold -= amount;
        TouchWallet(order.User, asset);
    }

    /// <summary>Moves a final order into its user's bounded history, dropping the oldest beyond <see cref="ExchangeOptions.ClosedOrdersPerUser"/>.</summary>
    private void Close(Order order)
    {
        TouchOrder(order);
        if (_closedOrdersPerUser == 0)
        {
            Forget(order);
            return;
        }
        var user = order.User;
        user.Closed.Enqueue(order);
        while (user.Closed.Count > _closedOrdersPerUser) Forget(user.Closed.Dequeue());
    }

    /// <summary>Drops a final order from every index; its object returns to the pool when the next command begins.</summary>
    private void Forget(Order order)
    {
        _orders.Remove(order.Id);
        if (order.ClientOrderId is { } cid && order.User.ClientOrderIds.TryGetValue(cid, out var id) && id == order.Id)
            order.User.ClientOrderIds.Remove(cid);
        if (_retiredOrderCount == _retiredOrders.Length) Array.Resize(ref _retiredOrders, _retiredOrderCount * 2);
        _retiredOrders[_retiredOrderCount++] = order;
    }

    private Order RentOrder()
    {
        if (_freeOrderCount == 0) return new Order();
        // The slot keeps its reference: the object is alive anyway, and not clearing it saves a write barrier.
        var order = _freeOrders[--_freeOrderCount];
        // A pooled order keeps the fields of its previous life; Place sets the rest, these it only adds to.
        order.Filled = 0;
        order.Canceled = 0;
        order.FilledNotional = 0;
        order.Fees = 0;
        order.Hold = 0;
        order.HoldPerLot = 0;
        if (order.Reason is not null) order.Reason = null;
        return order;
    }

    private bool TryGetUser(long userId, out UserAccount user)
    {
        // Users are never deleted and their ids run from 1, so the id is the index.
        if ((ulong)(userId - 1) < (ulong)_users.Count)
        {
            user = _users[(int)(userId - 1)];
            return true;
        }
        user = null!;
        return false;
    }

    private void BeginCommand(long time)
    {
        _now = time;
        _stamp++;
        if (_retiredOrderCount > 0)
        {
            if (_freeOrderCount + _retiredOrderCount > _freeOrders.Length)
                Array.Resize(ref _freeOrders, Math.Max(_freeOrders.Length * 2, _freeOrderCount + _retiredOrderCount));
            // One or two orders retire per command: a plain loop beats the bulk copy's call.
            for (var i = 0; i < _retiredOrderCount; i++) _freeOrders[_freeOrderCount++] = _retiredOrders[i];
            _retiredOrderCount = 0;
        }
        _fills.Clear();
        _touchedOrders.Reset();
        _touchedWallets.Reset();
        _touchedLevels.Reset();
    }

    private void TouchOrder(Order order)
    {
        if (order.TouchStamp == _stamp) return;
        order.TouchStamp = _stamp;
        _touchedOrders.Add(order);
    }

    private void TouchWallet(UserAccount user, int asset)
    {
        if (user.TouchStamp[asset] == _stamp) return;
        user.TouchStamp[asset] = _stamp;
        _touchedWallets.Add(new WalletChange(user.Id, asset));
    }

    private void TouchLevel(int market, OrderSide side, PriceLevel level)
    {
        if (level.TouchStamp == _stamp) return;
        level.TouchStamp = _stamp;
        _touchedLevels.Add(new BookChange(market, side, level.Price));
    }
}
