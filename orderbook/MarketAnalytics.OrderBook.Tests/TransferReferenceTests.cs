using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Tests;

/// <summary>Transfer references are scoped per user and asset, and remember what they were applied with.</summary>
public sealed class TransferReferenceTests
{
    private readonly MatchingEngine _engine = new(new ExchangeOptions());

    public TransferReferenceTests()
    {
        _engine.CreateUser("one");
        _engine.CreateUser("two");
    }

    [Fact]
    public void Another_users_reference_is_a_new_transfer_not_a_silent_no_op()
    {
        Assert.Equal(WalletOutcome.Applied, _engine.Credit(2, "USDT", 100m, "deposit-1"));
        Assert.Equal(WalletOutcome.Applied, _engine.Credit(1, "USDT", 100m, "deposit-1"));
        Assert.Equal(WalletOutcome.Applied, _engine.Debit(1, "USDT", 40m, "withdrawal-1"));
        Assert.Equal(WalletOutcome.Applied, _engine.Debit(2, "USDT", 40m, "withdrawal-1"));

        Assert.Equal(60m, Usdt(1));
        Assert.Equal(60m, Usdt(2));
    }

    [Fact]
    public void The_same_reference_in_another_asset_is_a_new_transfer()
    {
        Assert.Equal(WalletOutcome.Applied, _engine.Credit(1, "USDT", 100m, "r"));
        Assert.Equal(WalletOutcome.Applied, _engine.Credit(1, "BTC", 1m, "r"));
    }

    [Fact]
    public void Repeating_a_transfer_with_the_same_parameters_is_already_applied_and_changes_nothing()
    {
        Assert.Equal(WalletOutcome.Applied, _engine.Credit(1, "USDT", 100m, "r"));
        Assert.Equal(WalletOutcome.AlreadyApplied, _engine.Credit(1, "USDT", 100.000m, "r"));
        Assert.Equal(100m, Usdt(1));
    }

    [Fact]
    public void Reusing_a_reference_with_another_amount_or_direction_is_a_conflict_and_changes_nothing()
    {
        Assert.Equal(WalletOutcome.Applied, _engine.Credit(1, "USDT", 100m, "r"));

        Assert.Equal(WalletOutcome.ReferenceConflict, _engine.Credit(1, "USDT", 101m, "r"));
        Assert.Equal(WalletOutcome.ReferenceConflict, _engine.Debit(1, "USDT", 100m, "r"));
        Assert.Equal(100m, Usdt(1));
    }

    [Fact]
    public void A_refused_transfer_leaves_its_reference_free()
    {
        Assert.Equal(WalletOutcome.InsufficientFunds, _engine.Debit(1, "USDT", 5m, "r"));
        Assert.Equal(WalletOutcome.Applied, _engine.Credit(1, "USDT", 5m, "r"));
    }

    [Fact]
    public void References_and_their_parameters_survive_a_snapshot()
    {
        _engine.Credit(1, "USDT", 100m, "r");
        var copy = Reload(_engine);

        Assert.Equal(_engine.StateHash(), copy.StateHash());
        Assert.Equal(WalletOutcome.AlreadyApplied, copy.Credit(1, "USDT", 100m, "r"));
        Assert.Equal(WalletOutcome.ReferenceConflict, copy.Credit(1, "USDT", 1m, "r"));
        Assert.Equal(WalletOutcome.Applied, copy.Credit(2, "USDT", 1m, "r"));
    }

    [Fact]
    public void Transfers_journaled_when_references_were_global_replay_with_that_meaning()
    {
        Assert.Equal(WalletOutcome.Applied, _engine.UnscopedTransfer(2, "USDT", 100m, "deposit-1", credit: true));
        Assert.Equal(WalletOutcome.AlreadyApplied, _engine.UnscopedTransfer(1, "USDT", 50m, "deposit-1", credit: false));
        // Scoped from now on: the old transfer is known with its parameters.
        Assert.Equal(WalletOutcome.AlreadyApplied, _engine.Credit(2, "USDT", 100m, "deposit-1"));
        Assert.Equal(WalletOutcome.Applied, _engine.Credit(1, "USDT", 100m, "deposit-1"));
    }

    private decimal Usdt(long user) => _engine.Balances(user)!.Single(b => b.Asset == "USDT").Available;

    private static MatchingEngine Reload(MatchingEngine engine)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) engine.WriteState(writer);
        buffer.Position = 0;
        using var reader = new BinaryReader(buffer);
        return MatchingEngine.ReadState(new ExchangeOptions(), reader);
    }
}
