namespace MarketAnalytics.Api.Commands;

/// <summary>A parsed command line: the command, its <c>--name value</c> options (repeatable), flags and positional arguments.</summary>
public sealed class CommandLine
{
    private static readonly HashSet<string> Flags = ["dry-run", "help", "once"];

    /// <summary>Options that are settings of the whole system, passed to configuration under these keys.</summary>
    private static readonly Dictionary<string, string> SettingKeys = new()
    {
        ["data-dir"] = "DataDirectory",
        ["source"] = "Ingest:Sources",
        ["urls"] = "Urls",
    };

    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public string Command { get; private init; } = "help";

    public IReadOnlyList<string> Positionals { get; private init; } = [];

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var positionals = new List<string>();
        var line = new CommandLine { Command = args.Count > 0 ? args[0] : "help", Positionals = positionals };
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                positionals.Add(arg);
                continue;
            }
            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=');
            if (equals >= 0) (name, value) = (name[..equals], name[(equals + 1)..]);
            if (value is null && Flags.Contains(name))
            {
                line._flags.Add(name);
                continue;
            }
            if (value is null)
            {
                if (i + 1 >= args.Count) throw new CommandLineException($"--{name} needs a value");
                value = args[++i];
            }
            if (!line._options.TryGetValue(name, out var values)) line._options[name] = values = [];
            values.Add(value);
        }
        return line;
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Get(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> GetAll(string name) => _options.TryGetValue(name, out var values) ? values : [];

    public string Require(string name) => Get(name) ?? throw new CommandLineException($"{Command} needs --{name}");

    /// <summary>The options that are system settings, as configuration command-line arguments (<c>--DataDirectory=DIR</c>).</summary>
    public string[] SettingArguments() =>
        _options.Where(o => SettingKeys.ContainsKey(o.Key)).Select(o => $"--{SettingKeys[o.Key]}={o.Value[^1]}").ToArray();

    /// <summary>Rejects options the command does not know, so a typo is an error rather than silently ignored.</summary>
    public void AllowOnly(params string[] names)
    {
        foreach (var name in _options.Keys.Concat(_flags))
            if (!names.Contains(name) && !SettingKeys.ContainsKey(name))
                throw new CommandLineException($"{Command} does not take --{name}");
    }
}
