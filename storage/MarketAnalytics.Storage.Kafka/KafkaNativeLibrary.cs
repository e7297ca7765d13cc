using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace MarketAnalytics.Storage.Kafka;

/// <summary>The librdkafka build every Kafka client and the mock cluster in this process use: librdkafka.redist's
/// self-contained Linux build, <c>runtimes/linux-x64/native/centos8-librdkafka.so</c>.</summary>
/// <remarks>The redist's default <c>librdkafka.so</c> needs <c>libsasl2.so.3</c>, which Debian 12 lacks; .NET's probing then
/// silently moves on to any <c>librdkafka.so</c> the system has (Debian's 2.0.2 lacks functions the 2.x client calls, and the
/// process crashes on the first consume). So every name Confluent.Kafka or this assembly imports librdkafka by is mapped to
/// the self-contained build, installed by this assembly's module initializer: before any type here (the log, the consumers,
/// the mock cluster) can create a client. On other platforms the runtime's own probing is left alone.</remarks>
internal static class KafkaNativeLibrary
{
    /// <summary>The name this assembly's P/Invokes import librdkafka by.</summary>
    internal const string ImportName = "librdkafka";
    private const string SelfContainedBuild = "centos8-librdkafka";
    // The names Confluent.Kafka's native-method tables import librdkafka by, tried in turn until one loads.
    private static readonly string[] ConfluentImportNames = [ImportName, SelfContainedBuild, "alpine-librdkafka"];
    private static readonly Lazy<IntPtr> Handle = new(LoadSelfContainedBuild);

    /// <summary>True where the self-contained build is the one loaded (Linux on x64).</summary>
    private static bool IsMapped => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The mapping must be in place before this library creates any client, whoever calls it first.")]
    internal static void Install()
    {
        if (!IsMapped) return;
        NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, (name, _, _) => ConfluentImportNames.Contains(name) ? Handle.Value : IntPtr.Zero);
        NativeLibrary.SetDllImportResolver(typeof(KafkaNativeLibrary).Assembly, (name, _, _) => name == ImportName ? Handle.Value : IntPtr.Zero);
    }

    private static IntPtr LoadSelfContainedBuild()
    {
        // The runtime's probing for a package's native asset: runtimes/linux-x64/native/ beside a build's output (listed in its
        // deps.json), or the application directory of a RID-specific publish.
        if (NativeLibrary.TryLoad(SelfContainedBuild, typeof(KafkaNativeLibrary).Assembly, DllImportSearchPath.AssemblyDirectory, out var handle))
            return handle;
        throw new DllNotFoundException(
            $"{SelfContainedBuild}.so (from the librdkafka.redist package) is neither in runtimes/linux-x64/native/ nor beside {AppContext.BaseDirectory}; " +
            "rebuild or republish the application so that the package's native assets are copied.");
    }
}
