using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.OrderBook.Engine;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>A symbol's last trade price and best bid and ask: the internal exchange's own book for its markets, the current-price
/// cache (last trades, last quote) for every other venue.</summary>
internal sealed class VenuePrices(IPriceCache prices, IAggregateStore store, ExchangeService exchange)
{
    /// <summary>The best bid and ask with their quantities; null where nothing is known.</summary>
    public readonly record struct Top(decimal? Bid, decimal? BidQuantity, decimal? Ask, decimal? AskQuantity);

    /// <summary>The price of the newest trade: from the price cache, else the close of the newest stored hour; null when the
    /// symbol has never traded.</summary>
    public async Task<decimal?> LastPriceAsync(VenueSymbol symbol, CancellationToken ct)
    {
        var reading = await prices.GetAsync(symbol.Instrument, ct);
        if (reading.Price is { } p && (p.BuyTime ?? p.SellTime) is not null)
            return (p.BuyTime ?? DateTime.MinValue) >= (p.SellTime ?? DateTime.MinValue) ? p.BuyPrice : p.SellPrice;
        var hours = await store.GetCandlesAsync(symbol.Instrument, CandleInterval.OneHour, LoggedTrades.Earliest, LoggedTrades.Latest, ct);
        return hours.Count > 0 ? hours[^1].Close : null;
    }

    public async Task<Top> TopAsync(VenueSymbol symbol, CancellationToken ct)
    {
        if (symbol.Market is { } market && await exchange.GetOrderBookAsync(market.Symbol, 1, ct) is { } book)
        {
            BookLevel? bid = book.Bids.Count > 0 ? book.Bids[0] : null;
            BookLevel? ask = book.Asks.Count > 0 ? book.Asks[0] : null;
            return new Top(bid?.Price, bid?.Quantity, ask?.Price, ask?.Quantity);
        }
        var reading = await prices.GetAsync(symbol.Instrument, ct);
        return reading.Price is { } p ? new Top(p.BidPrice, p.BidSize, p.AskPrice, p.AskSize) : default;
    }
}
