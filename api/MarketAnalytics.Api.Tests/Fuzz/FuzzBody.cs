using System.Text;

namespace MarketAnalytics.Api.Tests.Fuzz;

/// <summary>A request body as <see cref="Head"/> + <see cref="Repeated"/> × <see cref="Count"/> + <see cref="Tail"/>, so a
/// 1 MB string or 10,000 levels of nesting are generated and described without being held in every generated case.</summary>
/// <param name="Head">The first bytes; may be invalid UTF-8.</param>
public sealed record FuzzBody(byte[] Head, string Repeated = "", int Count = 0, string Tail = "")
{
    public static FuzzBody Text(string text) => new(Encoding.UTF8.GetBytes(text));

    public static FuzzBody Repeat(string head, string repeated, int count, string tail) => new(Encoding.UTF8.GetBytes(head), repeated, count, tail);

    public byte[] ToBytes()
    {
        var repeated = Encoding.UTF8.GetBytes(Repeated);
        var tail = Encoding.UTF8.GetBytes(Tail);
        var bytes = new byte[Head.Length + repeated.Length * Count + tail.Length];
        Head.CopyTo(bytes, 0);
        for (var i = 0; i < Count; i++) repeated.CopyTo(bytes, Head.Length + i * repeated.Length);
        tail.CopyTo(bytes, bytes.Length - tail.Length);
        return bytes;
    }

    /// <summary>The body as a reader can reproduce it: C#-style escapes for what is not printable ASCII, repeats as <c>(x)×N</c>.</summary>
    public override string ToString()
    {
        var head = Shown(Encoding.UTF8.GetString(Head), Head);
        return Count == 0 ? head + Shown(Tail) : $"{head}({Shown(Repeated)})×{Count}{Shown(Tail)}";
    }

    private static string Shown(string text, byte[]? raw = null)
    {
        if (raw is not null && !Encoding.UTF8.GetBytes(text).AsSpan().SequenceEqual(raw))
            return "bytes[" + Convert.ToHexString(raw) + "]";
        var shown = new StringBuilder();
        foreach (var c in text.Length > 400 ? text[..400] + "…" : text)
            shown.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}");
        return shown.ToString();
    }
}
