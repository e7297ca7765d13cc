using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Csv;

/// <summary>Parses this project's plain trades CSV, <c>trade_id,timestamp,price,size,side</c>, for one instrument.</summary>
/// <remarks><c>timestamp</c> is ISO-8601 (UTC unless an offset is given) or a Unix epoch number whose unit is told by
/// magnitude (seconds, ms, µs or ns; a fraction is allowed); <c>side</c> is the taker side, <c>buy</c> or <c>sell</c> in any
/// case; <c>size</c> is in the base asset and the quote quantity is <c>price·size</c> exactly. The header line is recognised
/// and skipped wherever it appears.</remarks>
public sealed class TradesCsvParser(InstrumentId instrument) : IRecordedLineParser
{
    private static ReadOnlySpan<byte> Header => "trade_id,timestamp,price,size,side"u8;

    public InstrumentId Instrument { get; } = instrument;

    public LineParseResult ParseLine(ReadOnlySpan<byte> line, List<Trade> trades, List<Quote> quotes)
    {
        if (Ascii.EqualsIgnoreCase(line, Header)) return LineParseResult.Ignored;
        return TryAdd(line, trades) is { } problem ? LineParseResult.Malformed(problem) : LineParseResult.Records;
    }

    // Adds the line's trade, or says what is wrong with the line. Kept apart from ParseLine so that each has few returns: with
    // many, the compiler merges them into one result on the stack, whose outcome byte is then read back as a whole register
    // (a stalled load on every line).
    private string? TryAdd(ReadOnlySpan<byte> line, List<Trade> trades)
    {
        Span<Range> fields = stackalloc Range[6];
        if (CsvFields.Split(line, fields) != 5)
            return $"expected 5 fields ({Encoding.ASCII.GetString(Header)}) in '{Excerpt.Of(line)}'";

        var id = line[fields[0]];
        var time = line[fields[1]];
        var price = line[fields[2]];
        var size = line[fields[3]];
        var side = line[fields[4]];
        if (id.IsEmpty) return "trade_id is empty";
        if (!ExchangeTime.TryParse(time, out var exchangeTime)) return Problem("timestamp", time);
        if (!Utf8Number.TryParsePositive(price, out var priceValue)) return Problem("price", price);
        if (!Utf8Number.TryParsePositive(size, out var quantity)) return Problem("size", size);
        TakerSide takerSide;
        if (Ascii.EqualsIgnoreCase(side, "buy"u8)) takerSide = TakerSide.Buy;
        else if (Ascii.EqualsIgnoreCase(side, "sell"u8)) takerSide = TakerSide.Sell;
        else return Problem("side", side);

        if (!ExactDecimal.TryMultiply(priceValue, quantity, out var quoteQuantity))
            return "price·size cannot be held exactly as a decimal; it is not rounded";

        var tradeId = TradeId.Of(id);
        Batch.AddSlot(trades) = new Trade(Instrument, tradeId, exchangeTime, priceValue, quantity, quoteQuantity, takerSide);
        return null;
    }

    private static string Problem(string field, ReadOnlySpan<byte> text) =>
        text.IsEmpty ? $"{field} is empty" : $"{field} '{Excerpt.Of(text)}' {Utf8Number.Complaint(text)}";
}
