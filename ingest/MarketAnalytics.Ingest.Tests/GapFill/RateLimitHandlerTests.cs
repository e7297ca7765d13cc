using System.Net;
using MarketAnalytics.Ingest.GapFill;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MarketAnalytics.Ingest.Tests.GapFill;

/// <summary>The REST histories' rate-limit handler on a fake clock: it pauses before the venue's limit where the venue reports its
/// used weight, and waits out a 429's <c>Retry-After</c> before asking again.</summary>
public sealed class RateLimitHandlerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 30, TimeSpan.Zero);
    private static readonly TimeSpan NotYet = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task At_nine_tenths_of_the_reported_weight_the_next_request_waits_for_the_next_minute()
    {
        var time = new FakeTimeProvider(Start);
        var venue = new ScriptedVenue(_ => Answer(HttpStatusCode.OK, ("X-MBX-USED-WEIGHT-1M", "1080")));
        using var client = Client(new RateLimitPolicy("X-MBX-USED-WEIGHT-1M", 1200, TimeSpan.FromMinutes(2)), time, venue);

        (await client.GetAsync("/trades")).Dispose();
        var next = client.GetAsync("/trades");

        // 10:00:30 plus 30 s is the venue's next minute; the handler adds a second for the clocks' skew.
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await StillWaiting(next), "the request went out before the venue's minute turned");
        time.Advance(TimeSpan.FromSeconds(1));
        (await next.WaitAsync(Bound)).Dispose();
        Assert.Equal(2, venue.Requests);
    }

    [Fact]
    public async Task Below_nine_tenths_of_the_weight_nothing_waits()
    {
        var time = new FakeTimeProvider(Start);
        var venue = new ScriptedVenue(_ => Answer(HttpStatusCode.OK, ("X-MBX-USED-WEIGHT-1M", "1079")));
        using var client = Client(new RateLimitPolicy("X-MBX-USED-WEIGHT-1M", 1200, TimeSpan.FromMinutes(2)), time, venue);

        (await client.GetAsync("/trades")).Dispose();
        // The fake clock never moves here: a pause would never end.
        (await client.GetAsync("/trades").WaitAsync(Bound)).Dispose();
    }

    [Fact]
    public async Task A_429_is_waited_out_for_its_Retry_After_and_the_request_sent_again()
    {
        var time = new FakeTimeProvider(Start);
        var venue = new ScriptedVenue(n => n == 1 ? Answer(HttpStatusCode.TooManyRequests, ("Retry-After", "5")) : Answer(HttpStatusCode.OK));
        var handler = new RateLimitHandler(RateLimitPolicy.RetryAfterOnly(TimeSpan.FromMinutes(1)), time, NullLogger<RateLimitHandler>.Instance) { InnerHandler = venue };
        using var client = new HttpClient(handler) { BaseAddress = new Uri("http://venue.test") };

        var answer = client.GetAsync("/trades");
        await WaitForRequests(venue, 1);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.True(await StillWaiting(answer), "asked again before Retry-After");
        time.Advance(TimeSpan.FromSeconds(1));
        using var response = await answer.WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((2, 1L), (venue.Requests, handler.RateLimitedAnswers));
    }

    private static HttpClient Client(RateLimitPolicy policy, TimeProvider time, HttpMessageHandler venue) =>
        new(new RateLimitHandler(policy, time, NullLogger<RateLimitHandler>.Instance) { InnerHandler = venue }) { BaseAddress = new Uri("http://venue.test") };

    private static HttpResponseMessage Answer(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status);
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    // True when the request is still held after a moment of real time with the fake clock standing still.
    private static async Task<bool> StillWaiting(Task<HttpResponseMessage> request)
    {
        await Task.WhenAny(request, Task.Delay(NotYet));
        return !request.IsCompleted;
    }

    private static async Task WaitForRequests(ScriptedVenue venue, int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (venue.Requests < count) await Task.Delay(10, limit.Token);
    }

    /// <summary>Answers the n-th request (from 1) with what <c>answer</c> gives for it.</summary>
    private sealed class ScriptedVenue(Func<int, HttpResponseMessage> answer) : HttpMessageHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = answer(Interlocked.Increment(ref _requests));
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }
}
