namespace MarketAnalytics.OrderBook.Tests;

public sealed class ScenarioTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Scenarios"), "*.txt").Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Scenario_gives_the_expected_trades_book_and_balances(string file) =>
        ScenarioRunner.Run(Path.Combine(AppContext.BaseDirectory, "Scenarios", file));
}
