#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/geo_grid.hpp"

using rps::geo::coarsen;
using rps::geo::distance_m;
using rps::geo::kCellDegrees;

namespace {

// The grid step around a point: from the centre of its cell to the centres of the next cells
// north and east.
struct Step {
    double north_m;
    double east_m;
    double east_degrees;
};

Step step_at(double latitude, double longitude) {
    const auto here = coarsen(latitude, longitude, 0);
    const auto north = coarsen(here.latitude + kCellDegrees, here.longitude, 0);
    double east_lon = here.longitude;
    auto east = here;
    // Walk east until the cell changes: the cell width is what the walk covers.
    while (east.longitude == here.longitude) {
        east_lon += kCellDegrees / 10;
        east = coarsen(here.latitude, east_lon, 0);
    }
    // Bands have their own cell counts: the cell north is not straight north, only its band is.
    return {distance_m(here.latitude, here.longitude, north.latitude, here.longitude),
            distance_m(here.latitude, here.longitude, east.latitude, east.longitude), east.longitude - here.longitude};
}

}  // namespace

TEST_CASE("distance_m: its own cosine stays within 1e-12 of libm's over every latitude") {
    // Along a parallel, distance_m is the radius times the longitude step times the cosine of
    // the latitude: the cosine the cell counts are made from, compared here with libm's.
    constexpr double kPi = 3.14159265358979323846;
    const double one_degree_m = 6371008.8 * kPi / 180;
    double worst = 0;
    for (int i = -9000; i <= 9000; ++i) {
        const double latitude = i / 100.0;
        const double cosine = distance_m(latitude, 0, latitude, 1) / one_degree_m;
        worst = std::max(worst, std::abs(cosine - std::cos(latitude * kPi / 180)));
    }
    INFO("largest difference: " << worst);
    CHECK(worst < 1e-12);
}

TEST_CASE("coarsen: cells about 1 km on a side, the longitude step widening with latitude") {
    struct Case { const char* place; double latitude, longitude, east_degrees; };
    for (const Case& c : {Case{"Kampala, near the equator", 0.3, 32.58, 0.01}, Case{"Helsinki, 60°N", 60.17, 24.94, 0.02},
                          Case{"Ushuaia, 55°S", -54.8, -68.3, 0.0174}}) {
        INFO(c.place);
        const auto cell = coarsen(c.latitude, c.longitude, 10);
        REQUIRE(cell.ok);
        const Step step = step_at(c.latitude, c.longitude);
        CHECK(step.north_m == Approx(1112).margin(5));
        CHECK(step.east_m == Approx(1112).epsilon(0.01));
        CHECK(step.east_degrees == Approx(c.east_degrees).epsilon(0.01));
        // The centre of the cell the position is in.
        CHECK(std::abs(cell.latitude - c.latitude) <= kCellDegrees / 2 + 1e-9);
        CHECK(std::abs(cell.longitude - c.longitude) <= step.east_degrees / 2 + 1e-9);
    }
}

TEST_CASE("coarsen: the same place gives the same answer, every time and anywhere in the cell") {
    const auto first = coarsen(39.9087, 116.3975, 25);
    REQUIRE(first.ok);
    for (int i = 0; i < 5; ++i) {
        const auto again = coarsen(39.9087, 116.3975, 25);
        CHECK(again.latitude == first.latitude);
        CHECK(again.longitude == first.longitude);
        CHECK(again.accuracy == first.accuracy);
    }
    // A few metres of jitter in the fix, inside the same cell: the same answer.
    const auto moved = coarsen(39.9088, 116.3976, 12);
    CHECK(moved.latitude == first.latitude);
    CHECK(moved.longitude == first.longitude);
    // The answer is never the real position, and never more than the accuracy away from it.
    CHECK((first.latitude != 39.9087 || first.longitude != 116.3975));
    CHECK(distance_m(first.latitude, first.longitude, 39.9087, 116.3975) <= first.accuracy);
}

TEST_CASE("coarsen: accuracy is at least 1000 m, covers the cell and the fix's own error") {
    CHECK(coarsen(48.85, 2.35, 0).accuracy == 1000);
    CHECK(coarsen(48.85, 2.35, 5).accuracy == 1000);
    CHECK(coarsen(-33.86, 151.2, 150).accuracy == 1000);
    // A fix already worse than the cell keeps its error, plus the cell's, in whole km.
    const auto wide = coarsen(48.85, 2.35, 3000);
    CHECK(wide.accuracy >= 3000 + 700);
    CHECK(std::fmod(wide.accuracy, 1000) == 0);
    // Near the poles the cells are as wide as the band allows; still at least 1 km.
    CHECK(coarsen(89.99, 10, 0).accuracy >= 1000);
}

TEST_CASE("coarsen: the poles") {
    for (double lat : {90.0, 89.9999, -90.0, -89.9999}) {
        for (double lon : {-180.0, -45.0, 0.0, 179.0, 180.0}) {
            INFO(lat << ", " << lon);
            const auto cell = coarsen(lat, lon, 0);
            REQUIRE(cell.ok);
            CHECK(std::abs(cell.latitude) < 90);
            CHECK(std::abs(cell.latitude) > 89.99);
            CHECK(cell.longitude >= -180);
            CHECK(cell.longitude < 180);
        }
    }
    // At the pole every longitude is the same place: very few cells in the band.
    CHECK(coarsen(90, -170, 0).longitude == coarsen(90, -100, 0).longitude);
}

TEST_CASE("coarsen: the antimeridian") {
    // 180 and -180 are one meridian: the same cell.
    CHECK(coarsen(-17.7, 180, 0).longitude == coarsen(-17.7, -180, 0).longitude);
    CHECK(coarsen(65.5, 180, 0).longitude == coarsen(65.5, -180, 0).longitude);
    // Either side of it, cells stay on their side (none straddles it).
    const auto west = coarsen(-17.7, 179.999, 0);
    const auto east = coarsen(-17.7, -179.999, 0);
    CHECK(west.longitude < 180);
    CHECK(west.longitude > 179.98);
    CHECK(east.longitude > -180);
    CHECK(east.longitude < -179.98);
    const auto north_west = coarsen(65.5, 179.999, 0);
    CHECK(north_west.longitude < 180);
    CHECK(north_west.longitude > 179.9);
}

TEST_CASE("coarsen: what is not a position on Earth is refused") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    for (const auto& [lat, lon, acc] : std::initializer_list<std::tuple<double, double, double>>{
             {nan, 0, 10}, {0, nan, 10}, {0, 0, nan}, {inf, 0, 10}, {0, -inf, 10}, {0, 0, inf},
             {90.0001, 0, 10}, {-91, 0, 10}, {0, 180.0001, 10}, {0, -181, 10}, {0, 0, -1}}) {
        INFO(lat << ", " << lon << ", " << acc);
        const auto cell = coarsen(lat, lon, acc);
        CHECK_FALSE(cell.ok);
        CHECK(cell.latitude == 0);
        CHECK(cell.longitude == 0);
    }
}
