using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Tests;

public sealed class OrderIndexTests
{
    [Fact]
    public void Order_index_finds_exactly_the_orders_a_dictionary_holds_through_growth_and_heavy_churn()
    {
        var index = new OrderIndex();
        var expected = new Dictionary<long, Order>();
        var live = new List<long>();
        var random = new Random(11);
        long nextId = 1;
        for (var step = 0; step < 400_000; step++)
        {
            // Grow to about 60,000 live orders (several doublings), then shrink and grow again, removing random ones throughout.
            var target = step < 200_000 ? 60_000 : step < 300_000 ? 5_000 : 40_000;
            if (live.Count < target && random.Next(3) != 0 || live.Count == 0)
            {
                var order = new Order { Id = nextId++ };
                index.Add(order);
                expected.Add(order.Id, order);
                live.Add(order.Id);
            }
            else
            {
                var at = random.Next(live.Count);
                var id = live[at];
                live[at] = live[^1];
                live.RemoveAt(live.Count - 1);
                // Half the removals follow a lookup of the same order, as a cancel does; half come without one.
                if (random.Next(2) == 0) Assert.True(index.TryGetValue(id, out _));
                index.Remove(id);
                expected.Remove(id);
                Assert.False(index.TryGetValue(id, out _));
            }
            if (step % 20_000 == 0) AssertSame(index, expected, nextId);
        }
        AssertSame(index, expected, nextId);
    }

    private static void AssertSame(OrderIndex index, Dictionary<long, Order> expected, long nextId)
    {
        Assert.Equal(expected.Count, index.Count);
        Assert.Equal(expected.Keys.Order(), index.Values().Select(o => o.Id).Order());
        for (long id = -1; id <= nextId; id++)
            Assert.Equal(expected.TryGetValue(id, out var order) ? order : null, index.TryGetValue(id, out var found) ? found : null);
    }
}
