using System.Text;
using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.Parsing;

/// <summary>How a venue spells a trade's fields and taker sides in its JSON, so that a problem names the field as the venue does.</summary>
internal sealed record TradeFieldNames(string Id, string Time, string Instrument, string Price, string Size, byte[] Buy, byte[] Sell)
{
    public const string Side = "side";
}

/// <summary>The fields every venue's trade carries, read from their UTF-8 text: its id, its exchange time in Unix milliseconds,
/// its instrument, the taker's side, a positive price and a positive size (in the venue's unit: base coin or contracts).</summary>
/// <param name="Which">The trade as a problem names it: its position in the message and its id.</param>
internal readonly record struct TradeFields(string Which, InstrumentId Instrument, string Id, DateTime Time, TakerSide Side, decimal Price, decimal Size)
{
    /// <summary>Reads the fields of the trade at <paramref name="index"/> of a message; null when all of them were read, else why
    /// not, naming the venue's field.</summary>
    public static string? TryRead(
        TradeFieldNames names, InstrumentCache instruments, int index, ReadOnlySpan<byte> id, ReadOnlySpan<byte> time, ReadOnlySpan<byte> instrument,
        ReadOnlySpan<byte> side, ReadOnlySpan<byte> price, ReadOnlySpan<byte> size, out TradeFields fields)
    {
        fields = default;
        if (id.IsEmpty) return $"trade {index}: {names.Id} is missing";
        var tradeId = Encoding.UTF8.GetString(id);
        var which = $"trade {index} ({tradeId})";
        if (!Utf8Number.TryParseInt64(time, out var milliseconds) || !ExchangeTime.TryFromUnixMilliseconds(milliseconds, out var exchangeTime))
            return Utf8Number.Problem(which, names.Time, time);
        if (!instruments.TryGet(instrument, out var instrumentId)) return Utf8Number.Problem(which, names.Instrument, instrument);
        TakerSide takerSide;
        if (side.SequenceEqual(names.Buy)) takerSide = TakerSide.Buy;
        else if (side.SequenceEqual(names.Sell)) takerSide = TakerSide.Sell;
        else return Utf8Number.Problem(which, TradeFieldNames.Side, side);
        if (!Utf8Number.TryParsePositive(price, out var priceValue)) return Utf8Number.Problem(which, names.Price, price);
        if (!Utf8Number.TryParsePositive(size, out var sizeValue)) return Utf8Number.Problem(which, names.Size, size);
        fields = new TradeFields(which, instrumentId, tradeId, exchangeTime, takerSide, priceValue, sizeValue);
        return null;
    }
}
