using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Storage.EmbeddedLog.Format;

/// <summary>Names the topic an <see cref="EventFormat{TTopic}"/> is for, at compile time.</summary>
internal interface IEventTopic
{
    static abstract EventTopic Topic { get; }
}
