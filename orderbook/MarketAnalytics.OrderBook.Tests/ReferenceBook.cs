using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Tests;

/// <summary>A deliberately naive order book written apart from the engine: lists scanned in full, decimals for money.</summary>
/// <remarks>It decides matching, self-trade prevention, fill-or-kill and market-buy affordability on its own; only accept/reject
/// for funds comes from the engine (the reference keeps no wallets).</remarks>
public sealed class ReferenceBook(MarketOptions market)
{
    private readonly List<Resting> _resting = [];
    private long _arrival;

    public sealed class Resting
    {
        public long Id;
        public long User;
        public bool Buy;
        public decimal Price;
        public decimal Remaining;
        public long Arrival;
    }

    public readonly record struct Trade(decimal Price, decimal Quantity, long MakerId);

    public IReadOnlyList<Resting> Orders => _resting;

    public bool WouldTake(bool buy, decimal price) => Best(!buy, price, limit: true) is not null;

    /// <summary>Runs an accepted order; returns its trades and whether it should end canceled by fill-or-kill.</summary>
    public List<Trade> Place(long id, long user, bool buy, decimal? price, decimal quantity, decimal funds, TimeInForce tif,
        SelfTradePrevention stp, out bool fokCanceled)
    {
        var trades = new List<Trade>();
        fokCanceled = false;
        if (tif == TimeInForce.Fok && !CanFill(user, buy, price!.Value, quantity, stp))
        {
            fokCanceled = true;
            return trades;
        }
        var byFunds = price is null && buy;
        var remaining = quantity;
        while (byFunds ? funds > 0 : remaining > 0)
        {
            var maker = Best(!buy, price ?? 0, limit: price is not null);
            if (maker is null) break;
            if (maker.User == user)
            {
                var mode = stp == SelfTradePrevention.Decrement && byFunds ? SelfTradePrevention.CancelNewest : stp;
                if (mode == SelfTradePrevention.CancelOldest) { _resting.Remove(maker); continue; }
                if (mode == SelfTradePrevention.CancelBoth) { _resting.Remove(maker); remaining = 0; break; }
                if (mode == SelfTradePrevention.CancelNewest) { remaining = 0; break; }
                var cut = Math.Min(maker.Remaining, remaining);
                maker.Remaining -= cut;
                remaining -= cut;
                if (maker.Remaining == 0) _resting.Remove(maker);
                continue;
            }
            decimal quantityNow;
            if (byFunds)
            {
                quantityNow = Affordable(maker.Price, funds, maker.Remaining);
                if (quantityNow == 0) break;
                var notional = maker.Price * quantityNow;
                funds -= notional + Fee(notional, market.TakerFeeRate);
            }
            else
            {
                quantityNow = Math.Min(maker.Remaining, remaining);
                remaining -= quantityNow;
            }
            trades.Add(new Trade(maker.Price, quantityNow, maker.Id));
            maker.Remaining -= quantityNow;
            if (maker.Remaining == 0) _resting.Remove(maker);
        }
        if (price is not null && tif == TimeInForce.Gtc && remaining > 0)
            _resting.Add(new Resting { Id = id, User = user, Buy = buy, Price = price.Value, Remaining = remaining, Arrival = _arrival++ });
        return trades;
    }

    public bool Cancel(long id)
    {
        var order = _resting.Find(o => o.Id == id);
        return order is not null && _resting.Remove(order);
    }

    /// <summary>Levels of one side, best first, as (price, quantity, count).</summary>
    public List<(decimal Price, decimal Quantity, int Count)> Levels(bool bids) =>
        [.. _resting.Where(o => o.Buy == bids)
            .GroupBy(o => o.Price)
            .OrderBy(g => bids ? -g.Key : g.Key)
            .Select(g => (g.Key, g.Sum(o => o.Remaining), g.Count()))];

    public static decimal Fee(decimal notional, decimal rate) => Math.Ceiling(notional * rate * 100_000_000m) / 100_000_000m;

    private decimal Affordable(decimal price, decimal funds, decimal available)
    {
        decimal Cost(decimal q) => price * q + Fee(price * q, market.TakerFeeRate);
        var lots = Math.Min(available / market.LotSize, decimal.Floor(funds / (price * market.LotSize)));
        while (lots > 0 && Cost(lots * market.LotSize) > funds) lots--;
        return lots * market.LotSize;
    }

    private bool CanFill(long user, bool buy, decimal price, decimal quantity, SelfTradePrevention stp)
    {
        foreach (var maker in _resting.Where(o => o.Buy != buy && (buy ? o.Price <= price : o.Price >= price))
                     .OrderBy(o => buy ? o.Price : -o.Price).ThenBy(o => o.Arrival))
        {
            if (maker.User == user)
            {
                if (stp == SelfTradePrevention.CancelOldest) continue;
                return false;
            }
            quantity -= maker.Remaining;
            if (quantity <= 0) return true;
        }
        return false;
    }

    private Resting? Best(bool bids, decimal price, bool limit)
    {
        Resting? best = null;
        foreach (var o in _resting)
        {
            if (o.Buy != bids) continue;
            if (limit && (bids ? o.Price < price : o.Price > price)) continue;
            if (best is null || (bids ? o.Price > best.Price : o.Price < best.Price) || (o.Price == best.Price && o.Arrival < best.Arrival))
                best = o;
        }
        return best;
    }
}
