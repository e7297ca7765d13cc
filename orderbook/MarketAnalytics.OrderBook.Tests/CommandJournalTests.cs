using MarketAnalytics.OrderBook.Journal;

namespace MarketAnalytics.OrderBook.Tests;

public sealed class CommandJournalTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Reopening_replays_the_committed_records_in_order_across_segments()
    {
        using (var journal = CommandJournal.Open(_directory.Path, 0, _ => Assert.Fail("nothing to replay yet")))
        {
            Append(journal, 1, 2);
            journal.StartSegment();
            Append(journal, 3);
        }

        var replayed = new List<long>();
        using var reopened = CommandJournal.Open(_directory.Path, 0, record => replayed.Add(record.Sequence));

        Assert.Equal([1, 2, 3], replayed);
        Assert.Equal(3, reopened.LastSequence);
    }

    [Fact]
    public void A_torn_last_record_is_cut_off_and_appending_continues_after_the_last_whole_one()
    {
        using (var journal = CommandJournal.Open(_directory.Path, 0, _ => { }))
            Append(journal, 1, 2);
        var segment = Directory.GetFiles(_directory.Path, "journal-*.log").Single();
        using (var file = new FileStream(segment, FileMode.Open, FileAccess.Write))
            file.SetLength(file.Length - 3);

        using (var journal = CommandJournal.Open(_directory.Path, 0, _ => { }))
        {
            Assert.Equal(1, journal.LastSequence);
            Append(journal, 2);
        }

        var replayed = new List<long>();
        using var reopened = CommandJournal.Open(_directory.Path, 0, record => replayed.Add(record.Sequence));
        Assert.Equal([1, 2], replayed);
    }

    [Fact]
    public void A_segment_started_just_before_a_crash_is_reused_when_the_next_snapshot_starts_one()
    {
        using (var journal = CommandJournal.Open(_directory.Path, 0, _ => { }))
        {
            Append(journal, 1, 2);
            journal.StartSegment();
        }

        using (var journal = CommandJournal.Open(_directory.Path, 0, _ => { }))
        {
            journal.StartSegment();
            Append(journal, 3);
        }

        Assert.Equal(["journal-00000000000000000001.log", "journal-00000000000000000003.log"],
            Directory.GetFiles(_directory.Path, "journal-*.log").Select(Path.GetFileName).Order());
        var replayed = new List<long>();
        using var reopened = CommandJournal.Open(_directory.Path, 0, record => replayed.Add(record.Sequence));
        Assert.Equal([1, 2, 3], replayed);
    }

    private static void Append(CommandJournal journal, params long[] sequences)
    {
        foreach (var sequence in sequences) journal.Append(sequence, sequence * 10, [(byte)sequence]);
        journal.Commit();
    }
}
