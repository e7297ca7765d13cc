using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Csv;

/// <summary>Parses the trades files of Binance's public data archive for one instrument: spot
/// <c>id,price,qty,quote_qty,time,is_buyer_maker,is_best_match</c> and USD-M <c>id,price,qty,quote_qty,time,is_buyer_maker</c>.</summary>
/// <remarks>With or without a header. <c>time</c> is epoch milliseconds, or microseconds in spot files from 2025, told apart by
/// magnitude. <c>is_buyer_maker</c> true means the taker sold. <c>quote_qty</c> is taken as Binance wrote it.</remarks>
public sealed class BinanceTradesCsvParser(InstrumentId instrument) : IRecordedLineParser
{
    public InstrumentId Instrument { get; } = instrument;

    public LineParseResult ParseLine(ReadOnlySpan<byte> line, List<Trade> trades, List<Quote> quotes)
    {
        if (CsvValues.IsHeader(line))
            return line.StartsWith("id,"u8) ? LineParseResult.Ignored : LineParseResult.Malformed($"unexpected header '{Excerpt.Of(line)}'");
        Span<Range> fields = stackalloc Range[8];
        var count = CsvFields.Split(line, fields);
        if (count is not (6 or 7))
            return LineParseResult.Malformed($"expected 6 or 7 fields (id,price,qty,quote_qty,time,is_buyer_maker[,is_best_match]) in '{Excerpt.Of(line)}'");

        var id = line[fields[0]];
        if (!Utf8Number.TryParseInt64(id, out _)) return Problem("id", id);
        if (!Utf8Number.TryParsePositive(line[fields[1]], out var price)) return Problem("price", line[fields[1]]);
        if (!Utf8Number.TryParsePositive(line[fields[2]], out var quantity)) return Problem("qty", line[fields[2]]);
        if (!Utf8Number.TryParseDecimal(line[fields[3]], out var quoteQuantity) || quoteQuantity < 0) return Problem("quote_qty", line[fields[3]]);
        if (!ExchangeTime.TryParseEpoch(line[fields[4]], out var time)) return Problem("time", line[fields[4]]);
        if (!CsvValues.TryParseBoolean(line[fields[5]], out var buyerIsMaker)) return Problem("is_buyer_maker", line[fields[5]]);

        trades.Add(new Trade(Instrument, TradeId.Of(id), time, price, quantity, quoteQuantity, buyerIsMaker ? TakerSide.Sell : TakerSide.Buy));
        return LineParseResult.Records;
    }

    private static LineParseResult Problem(string field, ReadOnlySpan<byte> text) =>
        LineParseResult.Malformed(text.IsEmpty ? $"{field} is empty" : $"{field} '{Excerpt.Of(text)}' {Utf8Number.Complaint(text)}");
}
