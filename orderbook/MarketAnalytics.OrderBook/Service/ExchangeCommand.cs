using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>A state-changing command as journaled: encoded to bytes before it is applied, decoded and applied again on replay.</summary>
internal abstract class ExchangeCommand
{
    private enum Kind : byte
    {
        CreateUser = 1,
        // Transfers journaled while references were one namespace for everyone; replayed with that meaning.
        UnscopedCredit = 2,
        UnscopedDebit = 3,
        Place = 4,
        Cancel = 5,
        Replace = 6,
        Credit = 7,
        Debit = 8,
    }

    public abstract void Write(BinaryWriter writer);

    /// <summary>Applies the command at <paramref name="time"/> (UTC ticks); the engine's outcome is returned boxed.</summary>
    public abstract object Apply(MatchingEngine engine, long time);

    public static ExchangeCommand Read(BinaryReader reader)
    {
        var kind = (Kind)reader.ReadByte();
        return kind switch
        {
            Kind.CreateUser => new CreateUser(reader.ReadString()),
            Kind.Credit or Kind.Debit or Kind.UnscopedCredit or Kind.UnscopedDebit => new Transfer(reader.ReadInt64(), reader.ReadString(),
                reader.ReadDecimal(), reader.ReadString(), kind is Kind.Credit or Kind.UnscopedCredit, perUser: kind is Kind.Credit or Kind.Debit),
            Kind.Place => new Place(reader.ReadInt64(), new OrderRequest(
                reader.ReadString(),
                (OrderSide)reader.ReadByte(),
                (OrderType)reader.ReadByte(),
                ReadDecimal(reader),
                ReadDecimal(reader),
                ReadDecimal(reader),
                (TimeInForce)reader.ReadByte(),
                reader.ReadBoolean(),
                reader.ReadBoolean() ? reader.ReadString() : null,
                (SelfTradePrevention)reader.ReadByte())),
            Kind.Cancel => new Cancel(reader.ReadInt64(), reader.ReadInt64()),
            Kind.Replace => new Replace(reader.ReadInt64(), reader.ReadInt64(), reader.ReadDecimal(), reader.ReadDecimal(),
                reader.ReadBoolean() ? reader.ReadString() : null),
            _ => throw new InvalidDataException($"Unknown journaled command kind {(byte)kind}"),
        };
    }

    private static decimal? ReadDecimal(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadDecimal() : null;

    private static void WriteDecimal(BinaryWriter writer, decimal? value)
    {
        writer.Write(value.HasValue);
        if (value is { } v) writer.Write(v);
    }

    public sealed class CreateUser(string apiKeyHash) : ExchangeCommand
    {
        public override void Write(BinaryWriter writer)
        {
            writer.Write((byte)Kind.CreateUser);
            writer.Write(apiKeyHash);
        }

        public override object Apply(MatchingEngine engine, long time) => engine.CreateUser(apiKeyHash);
    }

    /// <summary>A credit or debit; <paramref name="perUser"/> is false only for one read from a journal written before references
    /// were scoped per user and asset.</summary>
    public sealed class Transfer(long userId, string asset, decimal amount, string reference, bool credit, bool perUser = true) : ExchangeCommand
    {
        public override void Write(BinaryWriter writer)
        {
            writer.Write((byte)(perUser ? credit ? Kind.Credit : Kind.Debit : credit ? Kind.UnscopedCredit : Kind.UnscopedDebit));
            writer.Write(userId);
            writer.Write(asset);
            writer.Write(amount);
            writer.Write(reference);
        }

        public override object Apply(MatchingEngine engine, long time) =>
            !perUser ? engine.UnscopedTransfer(userId, asset, amount, reference, credit)
            : credit ? engine.Credit(userId, asset, amount, reference) : engine.Debit(userId, asset, amount, reference);
    }

    public sealed class Place(long userId, OrderRequest request) : ExchangeCommand
    {
        public override void Write(BinaryWriter writer)
        {
            writer.Write((byte)Kind.Place);
            writer.Write(userId);
            writer.Write(request.Symbol);
            writer.Write((byte)request.Side);
            writer.Write((byte)request.Type);
            WriteDecimal(writer, request.Price);
            WriteDecimal(writer, request.Quantity);
            WriteDecimal(writer, request.Funds);
            writer.Write((byte)request.TimeInForce);
            writer.Write(request.PostOnly);
            writer.Write(request.ClientOrderId is not null);
            if (request.ClientOrderId is { } cid) writer.Write(cid);
            writer.Write((byte)request.Stp);
        }

        public override object Apply(MatchingEngine engine, long time) => engine.Place(userId, request, time);
    }

    public sealed class Cancel(long userId, long orderId) : ExchangeCommand
    {
        public override void Write(BinaryWriter writer)
        {
            writer.Write((byte)Kind.Cancel);
            writer.Write(userId);
            writer.Write(orderId);
        }

        public override object Apply(MatchingEngine engine, long time) => engine.Cancel(userId, orderId, time);
    }

    public sealed class Replace(long userId, long orderId, decimal price, decimal quantity, string? clientOrderId) : ExchangeCommand
    {
        public override void Write(BinaryWriter writer)
        {
            writer.Write((byte)Kind.Replace);
            writer.Write(userId);
            writer.Write(orderId);
            writer.Write(price);
            writer.Write(quantity);
            writer.Write(clientOrderId is not null);
            if (clientOrderId is { } cid) writer.Write(cid);
        }

        public override object Apply(MatchingEngine engine, long time) => engine.Replace(userId, orderId, price, quantity, time, clientOrderId);
    }
}
