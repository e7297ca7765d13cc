using System.Security.Cryptography;

namespace MarketAnalytics.OrderBook.Engine;

/// <summary>Writing and reading the whole engine state (snapshots) and its hash.</summary>
/// <remarks>Everything is written in a canonical order (users by id, levels best first, orders in time priority), so equal states
/// give equal bytes whatever the history of the in-memory tables and the order pool.</remarks>
public sealed partial class MatchingEngine
{
    // Version 2 scopes transfer references per user and asset and keeps their parameters; version 1 is still read.
    private const int StateVersion = 2;

    /// <summary>SHA-256 of the canonical state, lower-case hex: equal for engines that applied the same commands.</summary>
    public string StateHash()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) WriteState(writer);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    public void WriteState(BinaryWriter w)
    {
        w.Write(StateVersion);
        w.Write(_markets.Length);
        foreach (var m in _markets)
        {
            var o = m.Options;
            w.Write(o.Symbol);
            w.Write(o.BaseAsset);
            w.Write(o.QuoteAsset);
            w.Write(o.TickSize);
            w.Write(o.LotSize);
            w.Write(o.MinNotional);
            w.Write(o.MakerFeeRate);
            w.Write(o.TakerFeeRate);
        }
        w.Write(_nextOrderId);
        w.Write(_nextTradeId);
        w.Write(_nextUserId);
        foreach (var units in _feeAccount) w.Write(units);
        foreach (var units in _netDeposits) w.Write(units);
        var unscoped = _unscopedReferences.ToArray();
        Array.Sort(unscoped, StringComparer.Ordinal);
        w.Write(unscoped.Length);
        foreach (var reference in unscoped) w.Write(reference);
        var scoped = _transfers.ToArray();
        Array.Sort(scoped, (x, y) => x.Key.User != y.Key.User ? x.Key.User.CompareTo(y.Key.User)
            : x.Key.Asset != y.Key.Asset ? x.Key.Asset.CompareTo(y.Key.Asset)
            : string.CompareOrdinal(x.Key.Reference, y.Key.Reference));
        w.Write(scoped.Length);
        foreach (var (key, applied) in scoped)
        {
            w.Write(key.User);
            w.Write(key.Asset);
            w.Write(key.Reference);
            w.Write(applied.Credit);
            w.Write(applied.Units);
        }

        w.Write(_users.Count);
        foreach (var user in _users)
        {
            w.Write(user.Id);
            w.Write(user.ApiKeyHash);
            for (var a = 0; a < _assets.Length; a++)
            {
                w.Write(user.Available[a]);
                w.Write(user.Blocked[a]);
            }
            w.Write(user.Closed.Count);
            foreach (var order in user.Closed) WriteOrder(w, order);
        }

        foreach (var book in _books)
        {
            var recent = book.Recent(int.MaxValue);
            w.Write(recent.Count);
            for (var i = recent.Count - 1; i >= 0; i--) WriteFill(w, recent[i]);
            foreach (var side in new[] { book.Bids, book.Asks })
            {
                w.Write(side.Count);
                for (var depth = 0; depth < side.Count; depth++)
                {
                    var level = side.FromBest(depth);
                    w.Write(level.Count);
                    for (var order = level.Head; order is not null; order = order.Next) WriteOrder(w, order);
                }
            }
        }
    }

    /// <summary>Rebuilds an engine from <see cref="WriteState"/> output; the markets in <paramref name="options"/> must be the ones
    /// the state was written with.</summary>
    public static MatchingEngine ReadState(ExchangeOptions options, BinaryReader r)
    {
        var engine = new MatchingEngine(options);
        var version = r.ReadInt32();
        if (version is not (1 or StateVersion)) throw new InvalidDataException($"Unknown exchange state version {version}");
        var marketCount = r.ReadInt32();
        var same = marketCount == engine._markets.Length;
        for (var i = 0; i < marketCount; i++)
        {
            var saved = (r.ReadString(), r.ReadString(), r.ReadString(), r.ReadDecimal(), r.ReadDecimal(), r.ReadDecimal(), r.ReadDecimal(),
                r.ReadDecimal());
            if (!same) continue;
            var o = engine._markets[i].Options;
            same = saved == (o.Symbol, o.BaseAsset, o.QuoteAsset, o.TickSize, o.LotSize, o.MinNotional, o.MakerFeeRate, o.TakerFeeRate);
        }
        if (!same)
            throw new InvalidDataException(
                $"The saved exchange state was written with other {ExchangeOptions.Section}:Markets settings; restore them to start.");
        engine._nextOrderId = r.ReadInt64();
        engine._nextTradeId = r.ReadInt64();
        engine._nextUserId = r.ReadInt64();
        for (var a = 0; a < engine._assets.Length; a++) engine._feeAccount[a] = r.ReadInt64();
        for (var a = 0; a < engine._assets.Length; a++) engine._netDeposits[a] = r.ReadInt64();
        var referenceCount = r.ReadInt32();
        for (var i = 0; i < referenceCount; i++) engine._unscopedReferences.Add(r.ReadString());
        engine._globalReferences.UnionWith(engine._unscopedReferences);
        var scopedCount = version == 1 ? 0 : r.ReadInt32();
        for (var i = 0; i < scopedCount; i++)
        {
            var key = new TransferKey(r.ReadInt64(), r.ReadInt32(), r.ReadString());
            engine._transfers[key] = new AppliedTransfer(r.ReadBoolean(), r.ReadInt64());
            engine._globalReferences.Add(key.Reference);
        }

        var userCount = r.ReadInt32();
        for (var i = 0; i < userCount; i++)
        {
            var user = new UserAccount(r.ReadInt64(), r.ReadString(), engine._assets.Length);
            if (user.Id != engine._users.Count + 1) throw new InvalidDataException($"User {user.Id} where {engine._users.Count + 1} was expected");
            engine._users.Add(user);
            for (var a = 0; a < engine._assets.Length; a++)
            {
                user.Available[a] = r.ReadInt64();
                user.Blocked[a] = r.ReadInt64();
            }
            var closed = r.ReadInt32();
            for (var k = 0; k < closed; k++) user.Closed.Enqueue(engine.ReadOrder(r));
        }

        foreach (var book in engine._books)
        {
            var recent = r.ReadInt32();
            for (var i = 0; i < recent; i++) book.Record(ReadFill(r));
            foreach (var side in new[] { book.Bids, book.Asks })
            {
                var levels = r.ReadInt32();
                for (var depth = 0; depth < levels; depth++)
                {
                    var count = r.ReadInt32();
                    for (var k = 0; k < count; k++)
                    {
                        var order = engine.ReadOrder(r);
                        side.GetOrAdd(order.Price, out _).Append(order);
                    }
                }
            }
        }
        return engine;
    }

    private static void WriteOrder(BinaryWriter w, Order o)
    {
        w.Write(o.Id);
        w.Write(o.User.Id);
        w.Write(o.Market);
        w.Write((byte)o.Side);
        w.Write((byte)o.Type);
        w.Write((byte)o.TimeInForce);
        w.Write(o.PostOnly);
        w.Write((byte)o.Stp);
        WriteOptional(w, o.ClientOrderId);
        w.Write(o.Price);
        w.Write(o.Original);
        w.Write(o.Funds);
        w.Write(o.Filled);
        w.Write(o.Remaining);
        w.Write(o.Canceled);
        w.Write(o.FilledNotional);
        w.Write(o.Fees);
        w.Write(o.Hold);
        w.Write(o.HoldPerLot);
        w.Write((byte)o.Status);
        WriteOptional(w, o.Reason);
        w.Write(o.CreatedAt);
        w.Write(o.UpdatedAt);
    }

    private Order ReadOrder(BinaryReader r)
    {
        var order = new Order
        {
            Id = r.ReadInt64(),
            User = _users[(int)(r.ReadInt64() - 1)],
            Market = r.ReadInt32(),
            Side = (OrderSide)r.ReadByte(),
            Type = (OrderType)r.ReadByte(),
            TimeInForce = (TimeInForce)r.ReadByte(),
            PostOnly = r.ReadBoolean(),
            Stp = (SelfTradePrevention)r.ReadByte(),
            ClientOrderId = ReadOptional(r),
            Price = r.ReadInt64(),
            Original = r.ReadInt64(),
            Funds = r.ReadInt64(),
            Filled = r.ReadInt64(),
            Remaining = r.ReadInt64(),
            Canceled = r.ReadInt64(),
            FilledNotional = r.ReadInt64(),
            Fees = r.ReadInt64(),
            Hold = r.ReadInt64(),
            HoldPerLot = r.ReadInt64(),
            Status = (OrderStatus)r.ReadByte(),
            Reason = ReadOptional(r),
            CreatedAt = r.ReadInt64(),
            UpdatedAt = r.ReadInt64(),
        };
        _orders.Add(order);
        if (order.ClientOrderId is { } cid && order.Status != OrderStatus.Rejected) order.User.ClientOrderIds[cid] = order.Id;
        return order;
    }

    private static void WriteFill(BinaryWriter w, in Fill f)
    {
        w.Write(f.TradeId);
        w.Write(f.Market);
        w.Write(f.Price);
        w.Write(f.Lots);
        w.Write(f.Notional);
        w.Write((byte)f.TakerSide);
        w.Write(f.TakerOrderId);
        w.Write(f.MakerOrderId);
        w.Write(f.TakerUserId);
        w.Write(f.MakerUserId);
        w.Write(f.TakerFee);
        w.Write(f.MakerFee);
        w.Write(f.Time);
    }

    private static Fill ReadFill(BinaryReader r) => new(
        r.ReadInt64(), r.ReadInt32(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), (OrderSide)r.ReadByte(), r.ReadInt64(), r.ReadInt64(),
        r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64());

    private static void WriteOptional(BinaryWriter w, string? text)
    {
        w.Write(text is not null);
        if (text is not null) w.Write(text);
    }

    private static string? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;
}
