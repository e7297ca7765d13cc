using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using MarketAnalytics.Api.Endpoints.Bodies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketAnalytics.Api.Endpoints.Validation;

/// <summary>Validates an endpoint's request records before the handler runs: <c>[AsParameters]</c> queries with DataAnnotations,
/// their attributes and <see cref="IValidatableObject"/> (an invalid one is the 400 problem+json naming each parameter that is
/// wrong), and bodies whose binding failed (<see cref="IBoundRequest"/>, answered as their binding said); the handler is then not
/// called.</summary>
/// <remarks>A validation result's member names are the names on the wire: the attributes here turn a property's name into the
/// API's snake_case spelling (<see cref="WireName"/>), and a record's own <c>Validate</c> names its fields as they are sent.</remarks>
internal static class RequestValidation
{
    /// <summary>Adds the validation to an endpoint, and its 400 answer to the API description.</summary>
    public static RouteHandlerBuilder ValidateRequest(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilterFactory(Filter).ProducesValidationProblem();

    /// <summary>The name of the validated member as the client spells it.</summary>
    public static string WireName(ValidationContext context) => JsonNamingPolicy.SnakeCaseLower.ConvertName(context.MemberName!);

    /// <summary>The 400 answer for a request with these validation results, or null when there are none.</summary>
    public static ValidationProblem? Problem(object request, IServiceProvider services)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(request, new ValidationContext(request, services, null), results, validateAllProperties: true)) return null;
        var errors = results
            .SelectMany(r => r.MemberNames.DefaultIfEmpty("body").Select(member => (Member: member, Message: r.ErrorMessage ?? "")))
            .GroupBy(e => e.Member, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        return QueryErrors.BadParameters(errors);
    }

    private static EndpointFilterDelegate Filter(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var validated = factory.MethodInfo.GetParameters()
            .Where(p => p.GetCustomAttribute<AsParametersAttribute>() is not null || typeof(IValidatableObject).IsAssignableFrom(p.ParameterType)
                || typeof(IBoundRequest).IsAssignableFrom(p.ParameterType))
            .Select(p => p.Position)
            .ToArray();
        if (validated.Length == 0) return next;
        return context =>
        {
            foreach (var position in validated)
            {
                var request = context.Arguments[position];
                if (request is IBoundRequest { Problem: { } unbound }) return ValueTask.FromResult<object?>(unbound);
                if (request is not null and not IBoundRequest && Problem(request, context.HttpContext.RequestServices) is { } problem)
                    return ValueTask.FromResult<object?>(problem);
            }
            return next(context);
        };
    }
}
