using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.GapFill;

/// <summary>The HTTP handler every venue's REST history goes through: it waits out rate limits instead of hammering a venue.</summary>
/// <remarks>
/// A <c>429 Too Many Requests</c> or <c>418</c> (Binance's ban after ignored 429s) makes every request of this handler wait the
/// answer's <c>Retry-After</c> (seconds or an HTTP date; without one a doubling delay from one second), then the request is sent
/// again, up to <see cref="RateLimitPolicy.MaxRetries"/> times; a wait longer than <see cref="RateLimitPolicy.MaxWait"/> is not
/// waited and the answer goes back to the caller. Where the venue reports its used weight (<see cref="RateLimitPolicy.WeightHeader"/>),
/// requests pause until the next minute once 90 % of the limit is used, so the 429 is never reached. Only for idempotent
/// requests without a body (the history GETs), which may be sent again. Waits use the injected <see cref="TimeProvider"/>.
/// </remarks>
public sealed partial class RateLimitHandler : DelegatingHandler
{
    private readonly RateLimitPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _blockedUntilTicks;
    private long _rateLimited;

    public RateLimitHandler(RateLimitPolicy policy, TimeProvider time, ILogger<RateLimitHandler> logger)
    {
        _policy = policy;
        _time = time;
        _logger = logger;
    }

    /// <summary>Rate-limited answers (429/418) received so far.</summary>
    public long RateLimitedAnswers => Interlocked.Read(ref _rateLimited);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await WaitWhileBlockedAsync(ct).ConfigureAwait(false);
            var response = await base.SendAsync(request, ct).ConfigureAwait(false);
            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or (HttpStatusCode)418))
            {
                NoteWeight(response);
                return response;
            }
            Interlocked.Increment(ref _rateLimited);
            var wait = RetryAfter(response) ?? TimeSpan.FromSeconds(1 << Math.Min(attempt - 1, 10));
            if (attempt > _policy.MaxRetries || wait > _policy.MaxWait)
            {
                LogGivingUp(_logger, request.RequestUri, (int)response.StatusCode, wait.TotalSeconds, attempt);
                return response;
            }
            LogWaiting(_logger, request.RequestUri, (int)response.StatusCode, wait.TotalSeconds);
            BlockFor(wait);
            response.Dispose();
        }
    }

    private async Task WaitWhileBlockedAsync(CancellationToken ct)
    {
        while (true)
        {
            var remaining = new DateTimeOffset(Interlocked.Read(ref _blockedUntilTicks), TimeSpan.Zero) - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero) return;
            await Task.Delay(remaining, _time, ct).ConfigureAwait(false);
        }
    }

    private void BlockFor(TimeSpan wait)
    {
        var until = (_time.GetUtcNow() + wait).UtcTicks;
        long seen;
        do seen = Interlocked.Read(ref _blockedUntilTicks);
        while (until > seen && Interlocked.CompareExchange(ref _blockedUntilTicks, until, seen) != seen);
    }

    private void NoteWeight(HttpResponseMessage response)
    {
        if (_policy.WeightHeader is not { } header || _policy.WeightPerMinute <= 0) return;
        if (!response.Headers.TryGetValues(header, out var values)) return;
        if (!int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var used)) return;
        if (used < _policy.WeightPerMinute * RateLimitPolicy.PauseAtFraction) return;
        // The venue's weight window is the calendar minute of its clock; ours is close enough, and a second more covers the skew.
        var now = _time.GetUtcNow();
        var wait = TimeSpan.FromSeconds(61 - now.Second) - TimeSpan.FromMilliseconds(now.Millisecond);
        LogWeightPause(_logger, response.RequestMessage?.RequestUri, used, _policy.WeightPerMinute, wait.TotalSeconds);
        BlockFor(wait);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } retryAfter) return null;
        if (retryAfter.Delta is { } delta) return delta;
        if (retryAfter.Date is not { } date) return null;
        var wait = date - _time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Url} answered {Status}: waiting {Seconds:0.0} s before asking again")]
    private static partial void LogWaiting(ILogger logger, Uri? url, int status, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Url} answered {Status} (attempt {Attempt}); not waiting the {Seconds:0.0} s it asks for")]
    private static partial void LogGivingUp(ILogger logger, Uri? url, int status, double seconds, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Url}: {Used} of {Limit} request weight used this minute; pausing {Seconds:0.0} s")]
    private static partial void LogWeightPause(ILogger logger, Uri? url, int used, int limit, double seconds);
}
