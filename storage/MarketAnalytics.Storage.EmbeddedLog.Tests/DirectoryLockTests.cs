namespace MarketAnalytics.Storage.EmbeddedLog.Tests;

public sealed class DirectoryLockTests
{
    [Fact]
    public async Task A_second_open_in_the_same_process_is_refused_naming_the_holder()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);
        await log.AppendTradesAsync(TestData.Trades(TestData.Xbt, 1, 3), CancellationToken.None);

        var refused = Assert.Throws<DataDirectoryInUseException>(() => EmbeddedLog.Open(dir.Path));

        Assert.Contains($"process {Environment.ProcessId} (", refused.Message);
        Assert.Contains(" since ", refused.Message);
        Assert.Contains(log.Directory, refused.Message);
        Assert.Equal(3, log.ReadTrades("bitmex:XBTUSD", 0, 10).Count);
    }

    [Fact]
    public async Task A_second_open_from_another_process_is_refused_naming_it()
    {
        using var dir = new ScratchDirectory();
        await using (var log = EmbeddedLog.Open(dir.Path))
            await log.AppendTradesAsync(TestData.Trades(TestData.Xbt, 1, 3), CancellationToken.None);
        using var holder = WriterProcess.Start("hold", dir.Path);
        Assert.Equal("open", await holder.StandardOutput.ReadLineAsync());

        var refused = Assert.Throws<DataDirectoryInUseException>(() => EmbeddedLog.Open(dir.Path));

        Assert.Contains($"process {holder.Id} (", refused.Message);
        Assert.Contains("MarketAnalytics.Storage.EmbeddedLog.Tests.Writer", refused.Message);
        holder.StandardInput.Close();
        await holder.WaitForExitAsync();
        await using var reopened = EmbeddedLog.Open(dir.Path);
        Assert.Equal(3, reopened.ReadTrades("bitmex:XBTUSD", 0, 10).Count);
    }

    [Fact]
    public async Task The_directory_opens_again_once_the_log_is_disposed()
    {
        using var dir = new ScratchDirectory();
        await (EmbeddedLog.Open(dir.Path)).DisposeAsync();

        await using var again = EmbeddedLog.Open(dir.Path);

        Assert.Empty(again.TornTails);
    }
}
