using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Csv;

/// <summary>Parses the aggTrades files of Binance's public data archive for one instrument:
/// <c>agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker[,is_best_match]</c>.</summary>
/// <remarks>With or without a header. Each aggregate becomes one trade whose id is the aggregate id, so an instrument's log
/// should be fed either trades or aggTrades, never both: the two id spaces overlap. <c>transact_time</c> is epoch milliseconds
/// or microseconds, told apart by magnitude; the quote quantity is <c>price·quantity</c> exactly.</remarks>
public sealed class BinanceAggTradesCsvParser(InstrumentId instrument) : IRecordedLineParser
{
    public InstrumentId Instrument { get; } = instrument;

    public LineParseResult ParseLine(ReadOnlySpan<byte> line, List<Trade> trades, List<Quote> quotes)
    {
        if (CsvValues.IsHeader(line))
            return line.StartsWith("agg_trade_id,"u8) ? LineParseResult.Ignored : LineParseResult.Malformed($"unexpected header '{Excerpt.Of(line)}'");
        Span<Range> fields = stackalloc Range[9];
        var count = CsvFields.Split(line, fields);
        if (count is not (7 or 8))
            return LineParseResult.Malformed(
                $"expected 7 or 8 fields (agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker[,is_best_match]) in '{Excerpt.Of(line)}'");

        var id = line[fields[0]];
        if (!Utf8Number.TryParseInt64(id, out _)) return Problem("agg_trade_id", id);
        if (!Utf8Number.TryParsePositive(line[fields[1]], out var price)) return Problem("price", line[fields[1]]);
        if (!Utf8Number.TryParsePositive(line[fields[2]], out var quantity)) return Problem("quantity", line[fields[2]]);
        if (!ExchangeTime.TryParseEpoch(line[fields[5]], out var time)) return Problem("transact_time", line[fields[5]]);
        if (!CsvValues.TryParseBoolean(line[fields[6]], out var buyerIsMaker)) return Problem("is_buyer_maker", line[fields[6]]);

        if (!ExactDecimal.TryMultiply(price, quantity, out var quoteQuantity))
            return LineParseResult.Malformed("price·quantity cannot be held exactly as a decimal; it is not rounded");

        trades.Add(new Trade(Instrument, TradeId.Of(id), time, price, quantity, quoteQuantity, buyerIsMaker ? TakerSide.Sell : TakerSide.Buy));
        return LineParseResult.Records;
    }

    private static LineParseResult Problem(string field, ReadOnlySpan<byte> text) =>
        LineParseResult.Malformed(text.IsEmpty ? $"{field} is empty" : $"{field} '{Excerpt.Of(text)}' {Utf8Number.Complaint(text)}");
}
