using FsCheck;
using FsCheck.Fluent;
using MarketAnalytics.Core.Testing;

namespace MarketAnalytics.Core.Tests;

public class TradeIdSetTests
{
    [Fact]
    public void A_gap_free_numeric_stream_is_added_once_each()
    {
        var set = new TradeIdSet();

        for (var id = 1000; id < 1100; id++) Assert.True(set.Add(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        for (var id = 1000; id < 1100; id++) Assert.False(set.Add(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(100, set.Count);
        Assert.True(set.Contains("1000"));
        Assert.True(set.Contains("1099"));
        Assert.False(set.Contains("999"));
        Assert.False(set.Contains("1100"));
    }

    [Fact]
    public void An_out_of_order_id_that_fills_a_gap_joins_the_ranges_on_both_sides()
    {
        var set = new TradeIdSet();
        foreach (var id in new[] { "10", "11", "13", "14", "20", "5" }) Assert.True(set.Add(id));

        Assert.True(set.Add("12"));
        Assert.False(set.Add("12"));
        Assert.False(set.Add("14"));
        Assert.True(set.Add("4"));
        Assert.True(set.Add("6"));
        Assert.True(set.Add("19"));

        Assert.Equal(10, set.Count);
        foreach (var id in new[] { "4", "5", "6", "10", "11", "12", "13", "14", "19", "20" }) Assert.True(set.Contains(id), id);
        foreach (var id in new[] { "3", "7", "9", "15", "18", "21" }) Assert.False(set.Contains(id), id);
    }

    [Fact]
    public void Ids_with_leading_zeros_are_different_from_their_number()
    {
        var set = new TradeIdSet();

        Assert.True(set.Add("7"));
        Assert.True(set.Add("007"));
        Assert.False(set.Add("007"));
        Assert.True(set.Add("0"));
        Assert.True(set.Add("00"));

        Assert.Equal(4, set.Count);
        Assert.False(set.Contains("07"));
    }

    [Fact]
    public void Guid_ids_are_kept_by_value()
    {
        var set = new TradeIdSet();
        var id = "0f8fad5b-d9cb-469f-a165-70867728950e";

        Assert.True(set.Add(id));
        Assert.False(set.Add(id));
        Assert.True(set.Contains(id));
        Assert.False(set.Contains("7c9e6679-7425-40de-944b-e07fc1f90ae7"));
        Assert.Equal(1, set.Count);
    }

    [Theory]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e", "0F8FAD5B-D9CB-469F-A165-70867728950E")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e", " 0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e ")]
    public void Ids_that_spell_the_same_guid_differently_are_different_ids(string id, string other)
    {
        var set = new TradeIdSet();

        Assert.True(set.Add(id));
        Assert.False(set.Contains(other));
        Assert.True(set.Add(other));
        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void Other_ids_compare_exactly()
    {
        var set = new TradeIdSet();

        Assert.True(set.Add("abc"));
        Assert.True(set.Add("ABC"));
        Assert.True(set.Add("-1"));
        Assert.True(set.Add("1234567890123456789"));
        Assert.False(set.Add("abc"));

        Assert.Equal(4, set.Count);
        Assert.True(set.Contains("-1"));
        Assert.False(set.Contains("1"));
    }

    [Fact]
    public void The_set_agrees_with_a_hash_set_of_strings()
    {
        SeededProperty.Check(Gen.ListOf(TradeId()), ids =>
        {
            var set = new TradeIdSet();
            var reference = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                Assert.Equal(reference.Contains(id), set.Contains(id));
                Assert.Equal(reference.Add(id), set.Add(id));
                Assert.Equal(reference.Count, set.Count);
            }
            foreach (var probe in ids.Concat(Probes)) Assert.Equal(reference.Contains(probe), set.Contains(probe));
        }, tests: 300);
    }

    private static readonly string[] Guids =
    [
        "0f8fad5b-d9cb-469f-a165-70867728950e", "7c9e6679-7425-40de-944b-e07fc1f90ae7", "7C9E6679-7425-40DE-944B-E07FC1F90AE7",
        "00000000-0000-0000-0000-000000000000",
    ];

    private static readonly string[] Probes = ["0", "1", "9", "10", "40", "41", "0040", "x", "", "999999999999999999", "-3"];

    // Mostly numbers from a narrow band (so ranges form, split and join), plus leading zeros, GUIDs in both cases and other text.
    private static Gen<string> TradeId() => Gen.Frequency(
        (12, Gen.Choose(0, 40).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (2, Gen.Choose(0, 40).Select(n => n.ToString("D3", System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Choose(0, 3).Select(n => (999_999_999_999_999_990L + n).ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (2, Gen.Elements(Guids)),
        (2, Gen.Elements("a", "A", "x1", "-3", "", " 1", "1.0")));
}
