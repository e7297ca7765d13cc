namespace MarketAnalytics.Ingest.Binance;

/// <summary>The single-letter fields of a trade or bookTicker payload as their raw text (empty when missing, not a string or
/// number, or escaped), and <c>m</c> as a boolean (null when missing or not a boolean).</summary>
/// <remarks>Filled by either reading path of <see cref="BinanceFrameParser"/>; a field given twice keeps its last value.</remarks>
internal ref struct BinancePayload
{
    public ReadOnlySpan<byte> Id;
    public ReadOnlySpan<byte> Time;
    public ReadOnlySpan<byte> EventTime;
    public ReadOnlySpan<byte> Symbol;
    public ReadOnlySpan<byte> Price;
    public ReadOnlySpan<byte> Quantity;
    public ReadOnlySpan<byte> Kind;
    public ReadOnlySpan<byte> Bid;
    public ReadOnlySpan<byte> BidSize;
    public ReadOnlySpan<byte> Ask;
    public ReadOnlySpan<byte> AskSize;
    public bool? BuyerIsMaker;

    /// <summary>Whether <paramref name="letter"/> names a text field (every one but <c>m</c>).</summary>
    public static bool IsTextField(byte letter) => letter is (byte)'t' or (byte)'T' or (byte)'E' or (byte)'s' or (byte)'p' or (byte)'q'
        or (byte)'X' or (byte)'b' or (byte)'B' or (byte)'a' or (byte)'A';

    /// <summary>Sets the text field named <paramref name="letter"/> (see <see cref="IsTextField"/>).</summary>
    public void Set(byte letter, ReadOnlySpan<byte> text)
    {
        switch (letter)
        {
            case (byte)'t': Id = text; break;
            case (byte)'T': Time = text; break;
            case (byte)'E': EventTime = text; break;
            case (byte)'s': Symbol = text; break;
            case (byte)'p': Price = text; break;
            case (byte)'q': Quantity = text; break;
            case (byte)'X': Kind = text; break;
            case (byte)'b': Bid = text; break;
            case (byte)'B': BidSize = text; break;
            case (byte)'a': Ask = text; break;
            case (byte)'A': AskSize = text; break;
        }
    }
}
