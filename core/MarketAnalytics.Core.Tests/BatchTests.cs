using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MarketAnalytics.Core.Tests;

public class BatchTests
{
    private static readonly InstrumentId Instrument = InstrumentId.Of("binance", "BTCUSDT");

    private static Trade TradeNumber(int i) =>
        new(Instrument, TradeId.Of(i), new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i), 100m + i, 0.5m, 50m + i / 2m, TakerSide.Buy);

    [Fact]
    public void Slots_added_in_place_hold_what_was_assigned_in_order_across_the_lists_growth()
    {
        var trades = new List<Trade>(2) { TradeNumber(0) };

        for (var i = 1; i < 100; i++) Batch.AddSlot(trades) = TradeNumber(i);

        Assert.Equal(Enumerable.Range(0, 100).Select(TradeNumber), trades);
    }

    [Fact]
    public void A_slot_is_a_default_record_until_assigned_and_reuses_what_Clear_emptied()
    {
        var trades = new List<Trade> { TradeNumber(1), TradeNumber(2) };
        trades.Clear();

        ref var slot = ref Batch.AddSlot(trades);

        Assert.Equal(default, slot);
        slot = TradeNumber(3);
        Assert.Equal([TradeNumber(3)], trades);
    }

    [Fact]
    public void AsSpan_reads_lists_and_arrays_in_place_and_copies_other_lists()
    {
        var list = new List<Trade> { TradeNumber(1) };
        Trade[] array = [TradeNumber(2)];
        IReadOnlyList<Trade> other = new ReadOnlyCollection<Trade>([TradeNumber(3)]);

        Assert.True(Unsafe.AreSame(ref CollectionsMarshal.AsSpan(list)[0],
            ref Unsafe.AsRef(in Batch.AsSpan<Trade>(list)[0])));
        Assert.True(Unsafe.AreSame(ref array[0], ref Unsafe.AsRef(in Batch.AsSpan<Trade>(array)[0])));
        Assert.Equal([TradeNumber(3)], Batch.AsSpan(other).ToArray());
    }
}
