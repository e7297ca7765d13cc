using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Tests;

public sealed class BookSideTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Book_side_keeps_its_levels_sorted_best_first_whether_dense_near_the_top_or_sparse(bool bids)
    {
        var side = new BookSide(bids);
        var expected = new SortedSet<long>();
        var random = new Random(bids ? 1 : 2);
        for (var step = 0; step < 50_000; step++)
        {
            // Mostly dense prices near 1,000 ticks, some far away, so both the dense guess and the search are exercised, and
            // up to a few hundred levels make the arrays grow.
            var price = random.Next(4) == 0 ? random.Next(1, 1_000_000) : 1_000 + random.Next(-40, 41);
            var level = side.Find(price);
            Assert.Equal(expected.Contains(price), level is not null);
            if (level is null)
            {
                Assert.Same(side.GetOrAdd(price, out var added), side.Find(price));
                Assert.True(added);
                expected.Add(price);
            }
            else if (random.Next(2) == 0)
            {
                side.Remove(level);
                expected.Remove(price);
                Assert.Null(side.Find(price));
            }
            else
            {
                Assert.Same(level, side.GetOrAdd(price, out var added));
                Assert.False(added);
            }
            if (step % 1_000 == 0 || expected.Count < 3) AssertLevels(side, expected, bids);
        }
        AssertLevels(side, expected, bids);
    }

    private static void AssertLevels(BookSide side, SortedSet<long> expected, bool bids)
    {
        var best = bids ? expected.Reverse() : expected;
        Assert.Equal(best, Enumerable.Range(0, side.Count).Select(depth => side.FromBest(depth).Price));
        Assert.Equal(expected.Count == 0 ? null : best.First(), side.Best?.Price);
    }
}
