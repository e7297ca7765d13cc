using System.Collections.Concurrent;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;

namespace MarketAnalytics.Ingest.Okx;

/// <summary>The contract values of OKX swaps and futures, from <c>GET /api/v5/public/instruments</c>, shared by a reader's
/// parser and its REST history.</summary>
/// <remarks>
/// Linear contracts (<c>ctType: linear</c>, e.g. <c>BTC-USDT-SWAP</c>) are worth <c>ctVal</c> of the base currency each
/// (<c>ctValCcy</c> is the base), so base quantity = contracts × ctVal exactly. Inverse contracts (<c>BTC-USD-SWAP</c>) are worth
/// <c>ctVal</c> of the quote currency (USD), and their base quantity would be contracts × ctVal ÷ price, which a decimal would
/// have to round: they are refused with that reason. Options are refused too. Spot instIds need no value. Thread-safe.
/// </remarks>
public sealed class OkxContractValues(HttpClient http, Uri restUrl)
{
    private readonly ConcurrentDictionary<string, decimal> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _refused = new(StringComparer.Ordinal);

    /// <summary>Base currency per contract by instId, for <see cref="OkxFrameParser"/>.</summary>
    public IReadOnlyDictionary<string, decimal> Values => _values;

    /// <summary>Why an instId cannot be read exactly, or null when it can (or is not looked up yet).</summary>
    public string? RefusalOf(string instId) => _refused.GetValueOrDefault(instId);

    /// <summary>Looks up the contracts among <paramref name="instIds"/> whose value is not known yet.</summary>
    /// <exception cref="TradeHistoryException">OKX did not answer with an instrument list.</exception>
    public async Task EnsureAsync(IEnumerable<string> instIds, CancellationToken ct)
    {
        var missing = instIds.Where(id => OkxFrameParser.IsContract(id) && !_values.ContainsKey(id) && !_refused.ContainsKey(id)).ToList();
        foreach (var group in missing.GroupBy(InstrumentType))
        {
            if (group.Key is null)
            {
                foreach (var id in group) _refused[id] = $"{id} is neither a swap nor a future (options are not read)";
                continue;
            }
            var listed = await ListAsync(group.Key, ct).ConfigureAwait(false);
            foreach (var id in group)
            {
                if (!listed.TryGetValue(id, out var instrument)) _refused[id] = $"OKX lists no {group.Key} instrument {id}";
                else if (instrument.Refusal is { } refusal) _refused[id] = refusal;
                else _values[id] = instrument.Value;
            }
        }
    }

    // BTC-USDT-SWAP is a swap; BTC-USDT-250627 a future; anything else (options BTC-USD-250627-50000-C) is not read.
    private static string? InstrumentType(string instId)
    {
        var parts = instId.Split('-');
        if (parts.Length == 3 && parts[2] == "SWAP") return "SWAP";
        if (parts.Length == 3 && parts[2].Length == 6 && parts[2].All(char.IsAsciiDigit)) return "FUTURES";
        return null;
    }

    private async Task<Dictionary<string, (decimal Value, string? Refusal)>> ListAsync(string instType, CancellationToken ct)
    {
        var url = new Uri(restUrl, $"/api/v5/public/instruments?instType={instType}");
        using var response = await http.GetAsync(url, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        var data = OkxRest.Data(url, response, body);
        var listed = new Dictionary<string, (decimal, string?)>(StringComparer.Ordinal);
        foreach (var instrument in data.EnumerateArray())
        {
            var id = OkxRest.Text(instrument, "instId");
            if (id is null) continue;
            var ctType = OkxRest.Text(instrument, "ctType");
            var ctValText = OkxRest.Text(instrument, "ctVal");
            if (ctType != "linear")
                listed[id] = (0, $"{id} is an inverse contract: its contract value is {ctValText} {OkxRest.Text(instrument, "ctValCcy")}, so its base quantity would need a rounded division by the price; it is not read");
            else if (ctValText is null || !ExactDecimal.TryParse(ctValText, out var value) || value <= 0)
                listed[id] = (0, $"OKX gives {id} the contract value '{ctValText}', which is not a positive number");
            else listed[id] = (value, null);
        }
        return listed;
    }
}
