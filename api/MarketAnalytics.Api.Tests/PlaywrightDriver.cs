using Microsoft.Playwright;

namespace MarketAnalytics.Api.Tests;

/// <summary>Starts Playwright's driver without the console deadlock it can otherwise cause in a test process.</summary>
/// <remarks>
/// Playwright sets <see cref="Console.OutputEncoding"/> around starting its driver. Unless <see cref="Console.Out"/> was set with
/// <see cref="Console.SetOut"/>, that setter flushes and replaces the console's writer while holding the console's lock, and a
/// console logger of another test's host writing at the same moment holds the writer's lock and waits for the console's: both
/// wait for ever. A run of this suite hung exactly so (the stacks: Playwright in <c>Console.set_OutputEncoding</c> →
/// <c>SyncTextWriter.Flush</c>, the logger in <c>SyncTextWriter.Write</c> → <c>Console.EnsureInitialized</c>). Writers set with
/// <see cref="Console.SetOut"/> and <see cref="Console.SetError"/> count as redirected, and the encoding setter leaves them alone.
/// </remarks>
internal static class PlaywrightDriver
{
    public static Task<IPlaywright> StartAsync()
    {
        Console.SetOut(Console.Out);
        Console.SetError(Console.Error);
        return Playwright.CreateAsync();
    }
}
