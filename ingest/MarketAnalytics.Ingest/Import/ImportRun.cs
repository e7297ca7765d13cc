using System.IO.Pipelines;
using System.Runtime.InteropServices;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Ingest.Parsing;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Import;

/// <summary>One import in progress: reads lines with bounded memory, parses them and hands full batches to the recorder
/// while the next batch is being parsed.</summary>
internal sealed partial class ImportRun(
    IRecordedLineParser parser, MarketRecorder recorder, ImportOptions options, ILogger logger, TimeProvider clock, CancellationToken ct)
{
    // Beyond this many reports a broken file would flood the log; the rest are only counted.
    private const int MalformedLinesLogged = 100;
    private const int InitialBufferBytes = 1024 * 1024;
    // Decompressed text is handed over in 64 KB segments: a file is inflated in about a thousand calls with as many flushes to
    // the parsing side (the pipe's default 4 KB meant sixteen times as many, and each flush may wake the reader), and the
    // sixteen segments of read-ahead stay within what the shared array pool keeps instead of being allocated anew per file.
    private const int ReadAheadBytes = 1024 * 1024;
    private const int ReadAheadSegmentBytes = 64 * 1024;

    // Batches handed to the recorder and not yet recorded. With two, one can wait for its turn while the other is written and
    // fsynced, so parsing stalls only when it gets two batches ahead.
    private const int BatchesInFlight = 2;

    private List<Trade> _trades = [];
    private List<Quote> _quotes = [];
    private readonly Queue<Writing> _writing = new();
    private readonly Stack<(List<Trade> Trades, List<Quote> Quotes)> _emptied = new();
    private DateTime _now = clock.GetUtcNow().UtcDateTime;

    public int Files { get; private set; }
    public long Lines { get; private set; }
    public long Bytes { get; private set; }
    public long TradesRead { get; private set; }
    public long TradesImported { get; private set; }
    public long Duplicates { get; private set; }
    public long NonMarketTrades { get; private set; }
    public long Quotes { get; private set; }
    public long IgnoredFrames { get; private set; }
    public long SkippedLines { get; private set; }
    public long MalformedLines { get; private set; }
    public int UnreadableFiles { get; private set; }

    private bool BatchIsFull => _trades.Count >= options.BatchSize || _quotes.Count >= options.BatchSize;

    public async Task ImportFileAsync(string path)
    {
        Files++;
        string? part = null;
        try
        {
            foreach (var input in RecordedInput.Open(path))
            {
                part = input.Name;
                var cursor = new LineCursor(input.Name, input.MayBeCutOff);
                if (input.IsCompressed) await ReadDecompressedAheadAsync(cursor, input.Stream).ConfigureAwait(false);
                else await ReadLinesAsync(cursor, input.Stream).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // Lines read before the failure were whole and are kept; the file's unread rest is lost and said so.
            UnreadableFiles++;
            LogUnreadable(logger, part ?? path, e.Message);
        }
    }

    /// <summary>Writes what is still gathered and waits for every write to finish.</summary>
    public async Task CompleteAsync()
    {
        await WriteBatchAsync().ConfigureAwait(false);
        while (_writing.Count > 0) await AwaitOldestWriteAsync().ConfigureAwait(false);
    }

    private sealed record Writing(Task<AppendResult> Recorded, List<Trade> Trades, List<Quote> Quotes);

    private sealed class LineCursor(string name, bool mayBeCutOff)
    {
        public string Name { get; } = name;
        public bool MayBeCutOff { get; } = mayBeCutOff;
        public long LineNumber { get; set; }
        public bool SkippingLongLine { get; set; }
    }

    // Decompression takes about a third of the work of importing a recording: done on another thread into a bounded pipe, it
    // overlaps with parsing. A decompression error reaches the reading side as the same exception.
    private async Task ReadDecompressedAheadAsync(LineCursor cursor, Stream compressed)
    {
        var pipe = new Pipe(new PipeOptions(
            pauseWriterThreshold: ReadAheadBytes, resumeWriterThreshold: ReadAheadBytes / 2, minimumSegmentSize: ReadAheadSegmentBytes,
            useSynchronizationContext: false));
        var filling = Task.Run(async () =>
        {
            try
            {
                await compressed.CopyToAsync(pipe.Writer, ct).ConfigureAwait(false);
                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
            }
        }, ct);
        try
        {
            await using var decompressed = pipe.Reader.AsStream();
            await ReadLinesAsync(cursor, decompressed).ConfigureAwait(false);
        }
        finally
        {
            // The compressed stream is disposed after this returns, so the copy must have stopped by then.
            await filling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task ReadLinesAsync(LineCursor cursor, Stream stream)
    {
        var buffer = new byte[Math.Min(InitialBufferBytes, options.MaxLineBytes)];
        int start = 0, end = 0;
        var endOfStream = false;
        while (true)
        {
            start += ParseLines(cursor, buffer.AsSpan(start, end - start), endOfStream);
            if (BatchIsFull)
            {
                await WriteBatchAsync().ConfigureAwait(false);
                continue;
            }
            if (endOfStream) return;

            if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
            }
            if (end == buffer.Length)
            {
                if (buffer.Length < options.MaxLineBytes) Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, options.MaxLineBytes));
                else
                {
                    // The line's number is counted now; the rest of it is dropped as it arrives.
                    cursor.LineNumber++;
                    Lines++;
                    ReportMalformed(cursor.Name, cursor.LineNumber, $"the line is longer than {options.MaxLineBytes} bytes");
                    cursor.SkippingLongLine = true;
                    end = 0;
                }
            }
            var read = await stream.ReadAsync(buffer.AsMemory(end), ct).ConfigureAwait(false);
            if (read == 0) endOfStream = true;
            end += read;
            Bytes += read;
        }
    }

    // Parses the complete lines in `text` (and at the end of the stream the last, unterminated one) until the batch is full;
    // returns the bytes consumed.
    private int ParseLines(LineCursor cursor, ReadOnlySpan<byte> text, bool endOfStream)
    {
        var consumed = 0;
        if (cursor.SkippingLongLine)
        {
            var end = text.IndexOf((byte)'\n');
            if (end < 0) return text.Length;
            cursor.SkippingLongLine = false;
            consumed = end + 1;
        }
        while (!BatchIsFull && consumed < text.Length)
        {
            var rest = text[consumed..];
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0 && !endOfStream) break;
            consumed += newline < 0 ? rest.Length : newline + 1;
            cursor.LineNumber++;
            if (newline < 0 && cursor.MayBeCutOff)
            {
                Lines++;
                ReportMalformed(cursor.Name, cursor.LineNumber, "the compressed file ends in the middle of this line, so it may be cut off");
                continue;
            }
            ParseLine(cursor, newline < 0 ? rest : rest[..newline]);
        }
        return consumed;
    }

    private void ParseLine(LineCursor cursor, ReadOnlySpan<byte> line)
    {
        Lines++;
        if (!line.IsEmpty && line[^1] == '\r') line = line[..^1];
        if (line.IsEmpty) return;
        var tradesBefore = _trades.Count;
        var quotesBefore = _quotes.Count;
        var result = parser.ParseLine(line, _trades, _quotes);
        if (result.Outcome == LineOutcome.Records && OutOfRange(tradesBefore, quotesBefore) is { } problem)
        {
            _trades.RemoveRange(tradesBefore, _trades.Count - tradesBefore);
            _quotes.RemoveRange(quotesBefore, _quotes.Count - quotesBefore);
            result = LineParseResult.Malformed(problem);
        }
        switch (result.Outcome)
        {
            case LineOutcome.Records:
                var added = CollectionsMarshal.AsSpan(_trades)[tradesBefore..];
                TradesRead += added.Length;
                foreach (ref readonly var trade in added)
                    if (!trade.IsMarket) NonMarketTrades++;
                Quotes += _quotes.Count - quotesBefore;
                break;
            case LineOutcome.Ignored:
                IgnoredFrames++;
                break;
            case LineOutcome.NotAFrame:
                SkippedLines++;
                break;
            default:
                ReportMalformed(cursor.Name, cursor.LineNumber, result.Error ?? "malformed");
                break;
        }
    }

    // The problem with the first record of the line whose exchange time is outside ValidTimes' range, or null. The clock is
    // read again only when a time looks too new, so a line costs two comparisons per record.
    private string? OutOfRange(int tradesBefore, int quotesBefore)
    {
        foreach (ref readonly var trade in CollectionsMarshal.AsSpan(_trades)[tradesBefore..])
            if (!IsRecordable(trade.Time)) return Describe("trade", trade.Time);
        foreach (ref readonly var quote in CollectionsMarshal.AsSpan(_quotes)[quotesBefore..])
            if (!IsRecordable(quote.Time)) return Describe("quote", quote.Time);
        return null;
    }

    private bool IsRecordable(DateTime time)
    {
        if (ValidTimes.IsTradeTime(time, _now)) return true;
        _now = clock.GetUtcNow().UtcDateTime;
        return ValidTimes.IsTradeTime(time, _now);
    }

    private string Describe(string what, DateTime time) =>
        $"{what} time {UtcTime.Format(time)} is outside the valid range {ValidTimes.DescribeTradeRange(_now)}";

    private void ReportMalformed(string name, long lineNumber, string problem)
    {
        MalformedLines++;
        if (MalformedLines <= MalformedLinesLogged) LogMalformed(logger, name, lineNumber, problem);
        if (MalformedLines == MalformedLinesLogged) LogMalformedLimit(logger, MalformedLinesLogged);
    }

    // Hands the gathered batch to the recorder on the thread pool, so parsing goes on while it is written; batches are recorded
    // one after the other, in the order they were read, and a batch whose predecessor failed is not recorded. The writing side
    // empties the lists: clearing a 32k-trade list (its records hold references, so the 3.5 MB are zeroed) took a tenth of the
    // parsing side's time.
    private async Task WriteBatchAsync()
    {
        if (_writing.Count == BatchesInFlight) await AwaitOldestWriteAsync().ConfigureAwait(false);
        if (_trades.Count == 0 && _quotes.Count == 0) return;
        var trades = _trades;
        var quotes = _quotes;
        var previous = _writing.Count > 0 ? _writing.Last().Recorded : null;
        var recorded = Task.Run(async () =>
        {
            try
            {
                if (previous is not null) await previous.ConfigureAwait(false);
                return await recorder.RecordAsync(trades, quotes, ct).ConfigureAwait(false);
            }
            finally
            {
                trades.Clear();
                quotes.Clear();
            }
        }, ct);
        _writing.Enqueue(new Writing(recorded, trades, quotes));
        (_trades, _quotes) = _emptied.TryPop(out var lists) ? lists : ([], []);
    }

    private async Task AwaitOldestWriteAsync()
    {
        var oldest = _writing.Peek();
        AppendResult written;
        try
        {
            written = await oldest.Recorded.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not the input's fault, and no reason to go on with the next file: the import stops here.
            throw new InvalidOperationException($"recording a batch failed: {e.Message}", e);
        }
        _writing.Dequeue();
        _emptied.Push((oldest.Trades, oldest.Quotes));
        TradesImported += written.Appended;
        Duplicates += written.Duplicates;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{File}:{Line}: {Problem}; line skipped")]
    private static partial void LogMalformed(ILogger logger, string file, long line, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} malformed lines reported; further ones are counted but not logged")]
    private static partial void LogMalformedLimit(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{File}: could not be read to the end: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string file, string reason);
}
