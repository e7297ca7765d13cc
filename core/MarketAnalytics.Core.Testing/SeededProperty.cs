using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace MarketAnalytics.Core.Testing;

/// <summary>Runs an FsCheck property from a fixed seed, so every run draws the same cases and a failure reproduces.</summary>
public static class SeededProperty
{
    public static void Check<T>(Gen<T> cases, Action<T> property, int tests = 200, ulong seed = 20261121)
    {
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(tests)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));
        FsCheck.Check.One(config, Prop.ForAll(cases.ToArbitrary(), property));
    }
}
