using System.Text.Json;
using MarketAnalytics.Api.Commands;
using MarketAnalytics.Api.Hosting;

namespace MarketAnalytics.Api.Tests;

/// <summary>Symbols spelled with <c>/</c> (Kraken's <c>XMR/USD</c>) or <c>-</c> (Coinbase's <c>BTC-USD</c>) on the command line,
/// in the log's files and in query strings.</summary>
public sealed class SlashSymbolTests
{
    [Fact]
    public async Task Import_with_a_slash_symbol_succeeds_and_its_candles_come_back_from_the_cli_and_the_api()
    {
        string[] expected = [CandlesCommand.CsvHeader, "2024-08-08T00:00:00Z,150.5,151,150.5,151,3,452.0,2,2,301.0,150.66666666666666666666666667"];
        await using var host = await ApiHost.StartAsync(Role.Api, prepare: async directory =>
        {
            var csv = Path.Combine(directory, "xmr.csv");
            await File.WriteAllTextAsync(csv, "trade_id,timestamp,price,size,side\n1,2024-08-08T00:00:01Z,150.5,2,buy\n2,2024-08-08T00:00:30Z,151,1,sell\n");
            string[] import = ["import", $"--data-dir={directory}", "--format", "trades-csv", "--venue", "kraken", "--symbol", "XMR/USD", csv];
            Assert.Equal(0, await MarketAnalyticsCommandLine.RunAsync(import, TextWriter.Null, CancellationToken.None));

            var output = new StringWriter();
            string[] candles = ["candles", $"--data-dir={directory}", "--symbol", "kraken:XMR/USD"];
            Assert.Equal(0, await MarketAnalyticsCommandLine.RunAsync(candles, output, CancellationToken.None));
            Assert.Equal(expected, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        });

        foreach (var query in new[] { "kraken:XMR/USD", "kraken%3AXMR%2FUSD", "XMR/USD" })
        {
            using var json = JsonDocument.Parse(await host.Client.GetStringAsync($"/api/v1/candles?symbol={query}&interval=1m&from=2024-08-08T00:00:00Z"));
            var candle = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal("kraken:XMR/USD", candle.GetProperty("symbol").GetString());
            Assert.Equal(2, candle.GetProperty("trades").GetInt64());
        }
    }

    [Theory]
    [InlineData("XMR USD")]
    [InlineData("/XMRUSD")]
    [InlineData("kraken:XMR/USD")]
    public async Task An_import_symbol_that_cannot_be_one_is_a_clear_command_line_error(string symbol)
    {
        using var data = new DataDirectory();
        string[] line = ["import", $"--data-dir={data.Path}", "--format", "trades-csv", "--venue", "kraken", "--symbol", symbol, "missing.csv"];

        var error = await Assert.ThrowsAsync<CommandLineException>(() => MarketAnalyticsCommandLine.RunAsync(line, TextWriter.Null, CancellationToken.None));

        Assert.Equal($"--symbol '{symbol}' is not a symbol (1 to 64 letters, digits, '-', '_', '.', and '/' between them)", error.Message);
        Assert.False(Directory.Exists(data.Path), "nothing was opened or created");
    }
}
