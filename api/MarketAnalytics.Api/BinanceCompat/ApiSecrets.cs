using System.Security.Cryptography;
using System.Text;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>The users' API secrets for Binance-style signed requests: each is HMAC-SHA256 of the user's API key under a server
/// key, so no secret is stored anywhere, and checking a signature needs only the key the request names.</summary>
/// <remarks>HMAC signatures can only be checked with the secret itself, so a hash of it (as kept for API keys) would not do; deriving
/// it keeps one thing to protect instead of one per user: the 32 random bytes in <c>&lt;exchange directory&gt;/api-secret.key</c>
/// (created on first use, owner-only). Whoever holds that file and a user's API key can sign as that user; deleting the file
/// invalidates every secret (new ones are derived from a new file).</remarks>
internal sealed class ApiSecrets
{
    public const string FileName = "api-secret.key";

    private readonly byte[] _serverKey;

    public ApiSecrets(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            var temporary = path + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var file = new FileStream(temporary, options))
            {
                file.Write(RandomNumberGenerator.GetBytes(32));
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: false);
        }
        _serverKey = File.ReadAllBytes(path);
        if (_serverKey.Length != 32) throw new InvalidDataException($"{path} must hold 32 bytes; delete it to start over (every API secret changes)");
    }

    /// <summary>The secret of the user whose API key is <paramref name="apiKey"/>: 64 lower-case hex digits.</summary>
    public string SecretOf(string apiKey) => Convert.ToHexStringLower(HMACSHA256.HashData(_serverKey, Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>True when <paramref name="signature"/> (hex, either case) is HMAC-SHA256 of <paramref name="text"/> under the secret
    /// of <paramref name="apiKey"/>; compared in constant time.</summary>
    public bool Verify(string apiKey, string text, string signature)
    {
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(SecretOf(apiKey)), Encoding.UTF8.GetBytes(text));
        if (signature.Length != expected.Length * 2) return false;
        try
        {
            return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(signature));
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
