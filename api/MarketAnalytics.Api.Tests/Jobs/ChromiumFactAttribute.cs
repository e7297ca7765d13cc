namespace MarketAnalytics.Api.Tests.Jobs;

/// <summary>A fact that needs Debian's Chromium at <see cref="Path"/>; skipped, saying how to install it, when it is absent.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Path)) Skip = $"{Path} is missing: install Debian's chromium package (apt-get install -y chromium; scripts/test.sh does)";
    }
}
