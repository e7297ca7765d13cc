using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Storage.EmbeddedLog.Format;

/// <summary>The <c>wallets</c> topic.</summary>
internal readonly struct WalletsTopic : IEventTopic
{
    public static EventTopic Topic => EventTopic.Wallets;
}
