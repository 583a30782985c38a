<?php
// Verifies a Dialgate webhook delivery (Standard Webhooks), with nothing but PHP's standard library.
// Not run by the test suite (no PHP on the build machine); the Node and Python versions are.
// In a request handler: verify($secret, $_SERVER['HTTP_WEBHOOK_ID'], $_SERVER['HTTP_WEBHOOK_TIMESTAMP'],
//                              $_SERVER['HTTP_WEBHOOK_SIGNATURE'], file_get_contents('php://input'))

function verify(string $secret, string $id, string $timestamp, string $signatures, string $rawBody): bool
{
    if (!ctype_digit($timestamp) || abs(time() - (int) $timestamp) > 300) { // replay window
        return false;
    }
    $key = base64_decode(preg_replace('/^whsec_/', '', $secret), true);
    if ($key === false) {
        return false;
    }
    $expected = base64_encode(hash_hmac('sha256', $id . '.' . $timestamp . '.' . $rawBody, $key, true));
    foreach (explode(' ', $signatures) as $candidate) {
        if (str_starts_with($candidate, 'v1,') && hash_equals($expected, substr($candidate, 3))) {
            return true;
        }
    }
    return false;
}
