using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Csv;

/// <summary>Parses the trades files of BitMEX's public archive:
/// <c>timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional</c>.</summary>
/// <remarks>The timestamp is written <c>2021-07-22D22:36:00.123456789</c> (UTC, digits past 100 ns truncated). Fields mean what
/// they mean in the realtime <c>trade</c> table (see <see cref="Bitmex.BitmexFrameParser"/>); the venue is <c>bitmex</c>.</remarks>
public sealed class BitmexTradesCsvParser : IRecordedLineParser
{
    private readonly InstrumentCache _instruments = new(Venues.Bitmex);

    public LineParseResult ParseLine(ReadOnlySpan<byte> line, List<Trade> trades, List<Quote> quotes)
    {
        if (CsvValues.IsHeader(line))
            return line.StartsWith("timestamp,"u8) ? LineParseResult.Ignored : LineParseResult.Malformed($"unexpected header '{Excerpt.Of(line)}'");
        Span<Range> fields = stackalloc Range[11];
        if (CsvFields.Split(line, fields) != 10)
            return LineParseResult.Malformed(
                $"expected 10 fields (timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional) in '{Excerpt.Of(line)}'");

        if (!ExchangeTime.TryParseIso(line[fields[0]], out var time)) return Problem("timestamp", line[fields[0]]);
        if (!_instruments.TryGet(line[fields[1]], out var instrument)) return Problem("symbol", line[fields[1]]);
        var side = line[fields[2]];
        TakerSide takerSide;
        if (side.SequenceEqual("Buy"u8)) takerSide = TakerSide.Buy;
        else if (side.SequenceEqual("Sell"u8)) takerSide = TakerSide.Sell;
        else return Problem("side", side);
        if (!Utf8Number.TryParsePositive(line[fields[3]], out var contracts)) return Problem("size", line[fields[3]]);
        if (!Utf8Number.TryParsePositive(line[fields[4]], out var price)) return Problem("price", line[fields[4]]);
        var id = line[fields[6]];
        if (id.IsEmpty) return Problem("trdMatchID", id);
        if (!Utf8Number.TryParseDecimal(line[fields[8]], out var baseQuantity) || baseQuantity < 0) return Problem("homeNotional", line[fields[8]]);
        if (!Utf8Number.TryParseDecimal(line[fields[9]], out var quoteQuantity) || quoteQuantity < 0) return Problem("foreignNotional", line[fields[9]]);

        trades.Add(new Trade(instrument, TradeId.Of(id), time, price, baseQuantity, quoteQuantity, takerSide, contracts));
        return LineParseResult.Records;
    }

    private static LineParseResult Problem(string field, ReadOnlySpan<byte> text) =>
        LineParseResult.Malformed(text.IsEmpty ? $"{field} is empty" : $"{field} '{Excerpt.Of(text)}' {Utf8Number.Complaint(text)}");
}
