namespace MarketAnalytics.Api.Hosting;

/// <summary>Settings that cannot work, one message per setting; the command line prints them and exits with code 2.</summary>
public sealed class InvalidConfigurationException(IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
