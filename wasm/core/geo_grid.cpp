#include "core/geo_grid.hpp"

#include <algorithm>
#include <cmath>

namespace rps::geo {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kEarthRadiusM = 6371008.8;
constexpr int kBands = 18000;  // 180 / kCellDegrees

double radians(double degrees) { return degrees * kPi / 180; }

// cos(x) for |x| <= pi/2 (every latitude), by its Taylor series to the x^16 term: error below
// 1e-12 there, far under what a cell count needs. libm's cos would bring its general argument
// reduction into the WASM, and this one gives the same bits natively and in the browser.
double cos_latitude(double x) {
    const double x2 = x * x;
    double term = 1;
    double sum = 1;
    for (int n = 1; n <= 8; ++n) {
        term *= -x2 / ((2 * n - 1) * (2 * n));
        sum += term;
    }
    return sum;
}

}  // namespace

double distance_m(double lat1, double lon1, double lat2, double lon2) {
    const double dy = radians(lat2 - lat1);
    const double dx = radians(lon2 - lon1) * cos_latitude(radians((lat1 + lat2) / 2));
    return kEarthRadiusM * std::sqrt(dx * dx + dy * dy);
}

CoarsePosition coarsen(double latitude, double longitude, double accuracy_m) {
    CoarsePosition out;
    if (!std::isfinite(latitude) || !std::isfinite(longitude) || !std::isfinite(accuracy_m)) return out;
    if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180 || accuracy_m < 0) return out;

    // The north pole belongs to the last band, longitude 180 to the cell of -180 (one meridian).
    const int band = std::min(kBands - 1, static_cast<int>(std::floor((latitude + 90) / kCellDegrees)));
    const double south = -90 + band * kCellDegrees;
    const double north = south + kCellDegrees;
    out.latitude = south + kCellDegrees / 2;
    const int cells = std::max(1, static_cast<int>(std::floor(360 / kCellDegrees * cos_latitude(radians(out.latitude)))));
    const double width = 360.0 / cells;
    double east_of_antimeridian = longitude + 180;
    if (east_of_antimeridian >= 360) east_of_antimeridian -= 360;
    const int cell = std::min(cells - 1, static_cast<int>(std::floor(east_of_antimeridian / width)));
    const double west = -180 + cell * width;
    out.longitude = west + width / 2;

    // The real position is anywhere in the cell; its farthest corner from the centre is on the
    // edge nearer the equator, where the cell is widest.
    const double half_diagonal = std::max(distance_m(out.latitude, out.longitude, south, west),
                                          distance_m(out.latitude, out.longitude, north, west));
    const double kilometres = std::ceil((accuracy_m + half_diagonal) / 1000);
    out.accuracy = std::max(kMinAccuracyMeters, kilometres * 1000);
    out.ok = true;
    return out;
}

}  // namespace rps::geo
