namespace MarketAnalytics.Core.Ports;

/// <summary>What started a job run: its cron schedule, a person pressing "run now", or a rerun request for a range.</summary>
public enum JobTrigger
{
    Schedule,
    Manual,
    RerunRequest,
}
