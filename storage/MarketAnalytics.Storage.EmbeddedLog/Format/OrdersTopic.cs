using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Storage.EmbeddedLog.Format;

/// <summary>The <c>orders</c> topic.</summary>
internal readonly struct OrdersTopic : IEventTopic
{
    public static EventTopic Topic => EventTopic.Orders;
}
