namespace MarketAnalytics.Core;

/// <summary>The set of trade ids one instrument has seen, compact for the common id shapes.</summary>
/// <remarks>Numeric ids (Binance) are kept as sorted ranges, so a gap-free stream costs one range; UUIDs (BitMEX) as 16-byte
/// values; anything else as strings. Not thread-safe: the log that owns it serialises appends.</remarks>
public sealed class TradeIdSet
{
    private readonly List<(long First, long Last)> _ranges = [];
    private HashSet<Guid>? _guids;
    private HashSet<string>? _others;

    public long Count { get; private set; }

    /// <summary>Adds <paramref name="tradeId"/>; false when it was already in the set.</summary>
    public bool Add(TradeId tradeId)
    {
        bool added;
        if (tradeId.TryGetNumber(out var number)) added = AddNumber(number);
        else
        {
            var text = tradeId.ToString();
            added = TryParseGuid(text, out var guid) ? (_guids ??= []).Add(guid) : (_others ??= new HashSet<string>(StringComparer.Ordinal)).Add(text);
        }
        if (added) Count++;
        return added;
    }

    public bool Contains(TradeId tradeId)
    {
        if (tradeId.TryGetNumber(out var number)) return FindRange(number) >= 0;
        var text = tradeId.ToString();
        if (TryParseGuid(text, out var guid)) return _guids?.Contains(guid) == true;
        return _others?.Contains(text) == true;
    }

    /// <summary>True for a UUID in the canonical lower-case form (8-4-4-4-12), which prints back to exactly <paramref name="id"/>;
    /// only those take the GUID path, since Guid parsing ignores case and surrounding white space, which would make differently
    /// spelled ids one id.</summary>
    public static bool TryParseGuid(string id, out Guid guid)
    {
        guid = default;
        if (id.Length != 36) return false;
        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            var valid = i is 8 or 13 or 18 or 23 ? c == '-' : char.IsAsciiDigit(c) || c is >= 'a' and <= 'f';
            if (!valid) return false;
        }
        return Guid.TryParseExact(id, "D", out guid);
    }

    private bool AddNumber(long n)
    {
        var count = _ranges.Count;
        if (count > 0)
        {
            var (first, last) = _ranges[count - 1];
            if (n == last + 1)
            {
                _ranges[count - 1] = (first, n);
                return true;
            }
            if (n > last + 1)
            {
                _ranges.Add((n, n));
                return true;
            }
        }
        else
        {
            _ranges.Add((n, n));
            return true;
        }
        return InsertNumber(n);
    }

    private bool InsertNumber(long n)
    {
        // Index of the last range starting at or before n (or -1).
        int lo = 0, hi = _ranges.Count - 1, at = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_ranges[mid].First <= n) { at = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (at >= 0 && _ranges[at].Last >= n) return false;
        var joinsLeft = at >= 0 && _ranges[at].Last == n - 1;
        var joinsRight = at + 1 < _ranges.Count && _ranges[at + 1].First == n + 1;
        if (joinsLeft && joinsRight)
        {
            _ranges[at] = (_ranges[at].First, _ranges[at + 1].Last);
            _ranges.RemoveAt(at + 1);
        }
        else if (joinsLeft) _ranges[at] = (_ranges[at].First, n);
        else if (joinsRight) _ranges[at + 1] = (n, _ranges[at + 1].Last);
        else _ranges.Insert(at + 1, (n, n));
        return true;
    }

    private int FindRange(long n)
    {
        int lo = 0, hi = _ranges.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var (first, last) = _ranges[mid];
            if (n < first) hi = mid - 1;
            else if (n > last) lo = mid + 1;
            else return mid;
        }
        return -1;
    }
}
