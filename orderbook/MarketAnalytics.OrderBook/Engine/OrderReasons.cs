namespace MarketAnalytics.OrderBook.Engine;

/// <summary>Why an order was rejected or canceled, as the API spells it.</summary>
public static class OrderReasons
{
    public const string UnknownUser = "unknown_user";
    public const string UnknownMarket = "unknown_market";
    public const string InvalidPrice = "invalid_price";
    public const string PriceOffTick = "price_off_tick";
    public const string PriceNotAllowed = "price_not_allowed_for_market_order";
    public const string InvalidQuantity = "invalid_quantity";
    public const string QuantityOffLot = "quantity_off_lot";
    public const string QuantityNotAllowed = "quantity_not_allowed_for_market_buy";
    public const string InvalidFunds = "invalid_funds";
    public const string FundsNotAllowed = "funds_only_for_market_buy";
    public const string BelowMinNotional = "below_min_notional";
    public const string AmountTooLarge = "amount_too_large";
    public const string InvalidTimeInForce = "invalid_time_in_force";
    public const string PostOnlyNotAllowed = "post_only_requires_limit_gtc";
    public const string InvalidClientOrderId = "invalid_client_order_id";
    public const string DuplicateClientOrderId = "duplicate_client_order_id";
    public const string InsufficientFunds = "insufficient_funds";
    public const string PostOnlyWouldTake = "post_only_would_take";

    /// <summary>A cancel-replace did nothing because its old order could not be canceled.</summary>
    public const string OldOrderNotCanceled = "old_order_not_canceled";

    public const string UserCanceled = "user_canceled";
    /// <summary>The order was canceled by a cancel-replace; the new order has its own id.</summary>
    public const string Replaced = "replaced";
    public const string ImmediateOrCancel = "ioc_remainder";
    public const string FillOrKill = "fok_not_fillable";
    public const string NoLiquidity = "no_liquidity";
    public const string SelfTrade = "self_trade_prevention";
}
