process.env.DISABLE_BACKGROUND_JOBS = "1";
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret";
process.env.NEXTAUTH_URL ??= "http://localhost:3000";
