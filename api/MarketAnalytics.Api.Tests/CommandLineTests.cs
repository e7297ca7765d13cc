using MarketAnalytics.Api.Commands;

namespace MarketAnalytics.Api.Tests;

/// <summary>The command line as a user meets it: help for every command, and bad input refused with a line that names it
/// before anything is opened.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("run", "--source")]
    [InlineData("api", "--urls")]
    [InlineData("ingest", "--source")]
    [InlineData("aggregate", "--data-dir")]
    [InlineData("import", "--format")]
    [InlineData("rerun", "--dry-run")]
    [InlineData("candles", "--interval")]
    [InlineData("watch", "--once")]
    public async Task Every_command_answers_help_with_its_options(string command, string option)
    {
        var output = new StringWriter();

        Assert.Equal(0, await MarketAnalyticsCommandLine.RunAsync([command, "--help"], output, CancellationToken.None));

        Assert.Matches($@"Usage:\s+\S+ {command} ", output.ToString());
        Assert.Contains(option, output.ToString());
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var output = new StringWriter();

        Assert.Equal(0, await MarketAnalyticsCommandLine.RunAsync(["help"], output, CancellationToken.None));

        foreach (var command in new[] { "run", "api", "ingest", "aggregate", "import", "rerun", "candles", "watch" })
            Assert.Matches($@"(?m)^\s+{command}\b", output.ToString());
    }

    [Theory]
    [InlineData("Unrecognized command or argument '--bogus'.", "candles", "--symbol", "bitmex:XBTUSD", "--bogus")]
    [InlineData("Unrecognized command or argument '--source'.", "api", "--source", "none")]
    [InlineData("Unrecognized command or argument 'bogus'.", "bogus")]
    [InlineData("rerun needs --to", "rerun", "--from", "2024-08-08T00:00:00Z")]
    [InlineData("import needs at least one FILE", "import", "--format", "trades-csv")]
    [InlineData("--format 'xml' is not one of csv, json", "candles", "--symbol", "bitmex:XBTUSD", "--format", "xml")]
    [InlineData("--symbol 'XBTUSD' is not of the form venue:SYMBOL", "candles", "--symbol", "XBTUSD")]
    [InlineData("--interval '2m' is not one of 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d", "watch", "--interval", "2m")]
    public async Task Bad_input_is_refused_with_a_line_that_names_it(string message, params string[] line)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ma-cli-" + Guid.NewGuid().ToString("N"));
        string[] arguments = line[0] is "watch" or "bogus" ? line : [.. line, "--data-dir", directory];

        var error = await Assert.ThrowsAsync<CommandLineException>(() =>
            MarketAnalyticsCommandLine.RunAsync(arguments, TextWriter.Null, CancellationToken.None));

        Assert.Contains(message, error.Message.Split(Environment.NewLine));
        Assert.False(Directory.Exists(directory));
    }
}
