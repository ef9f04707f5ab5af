#include "core/attribution/models/dense_lu.h"

#include <cassert>
#include <cmath>
#include <utility>

namespace touchpath {

DenseLu::DenseLu(std::vector<double> matrix, size_t n)
    : n_(n), lu_(std::move(matrix)), pivot_row_(n) {
  assert(lu_.size() == n * n);
  for (size_t i = 0; i < n; ++i) pivot_row_[i] = i;
  for (size_t k = 0; k < n; ++k) {
    size_t best = k;
    for (size_t i = k + 1; i < n; ++i) {
      if (std::fabs(lu_[i * n + k]) > std::fabs(lu_[best * n + k])) best = i;
    }
    if (lu_[best * n + k] == 0.0) {
      ok_ = false;
      return;
    }
    if (best != k) {
      for (size_t j = 0; j < n; ++j) std::swap(lu_[k * n + j], lu_[best * n + j]);
      std::swap(pivot_row_[k], pivot_row_[best]);
    }
    const double pivot = lu_[k * n + k];
    const double* pivot_row = &lu_[k * n];
    for (size_t i = k + 1; i < n; ++i) {
      double* row = &lu_[i * n];
      if (row[k] == 0.0) continue;  // the chains' matrices are sparse: skip empty rows fast
      const double factor = row[k] / pivot;
      row[k] = factor;
      for (size_t j = k + 1; j < n; ++j) row[j] -= factor * pivot_row[j];
    }
  }
}

void DenseLu::Solve(std::vector<double>* b) const {
  assert(ok_ && b->size() == n_);
  std::vector<double> x(n_);
  for (size_t i = 0; i < n_; ++i) x[i] = (*b)[pivot_row_[i]];
  for (size_t i = 0; i < n_; ++i) {
    double sum = x[i];
    for (size_t j = 0; j < i; ++j) sum -= lu_[i * n_ + j] * x[j];
    x[i] = sum;
  }
  for (size_t i = n_; i-- > 0;) {
    double sum = x[i];
    for (size_t j = i + 1; j < n_; ++j) sum -= lu_[i * n_ + j] * x[j];
    x[i] = sum / lu_[i * n_ + i];
  }
  *b = std::move(x);
}

void DenseLu::SolveTransposed(std::vector<double>* b) const {
  assert(ok_ && b->size() == n_);
  // A^T = U^T L^T P: solve U^T z = b, then L^T y = z, then x = P^T y.
  std::vector<double> y(*b);
  for (size_t i = 0; i < n_; ++i) {
    double sum = y[i];
    for (size_t j = 0; j < i; ++j) sum -= lu_[j * n_ + i] * y[j];
    y[i] = sum / lu_[i * n_ + i];
  }
  for (size_t i = n_; i-- > 0;) {
    double sum = y[i];
    for (size_t j = i + 1; j < n_; ++j) sum -= lu_[j * n_ + i] * y[j];
    y[i] = sum;
  }
  for (size_t i = 0; i < n_; ++i) (*b)[pivot_row_[i]] = y[i];
}

}  // namespace touchpath
