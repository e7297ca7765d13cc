using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Ingest.Sources;

/// <summary>Adds one venue's live reader (an <see cref="IMarketSource"/>), its options, REST client and health check.</summary>
public delegate void VenueRegistration(IServiceCollection services, IConfiguration configuration);
