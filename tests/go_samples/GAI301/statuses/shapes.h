#include <stdlib.h>

typedef struct Points {
    int *points;
    int length;
} Points;

typedef struct Size {
    int width;
    int height;
} Size;

typedef struct RotatedRect {
    Points pts;
    Size size;
} RotatedRect;

typedef void *Mat;

struct RotatedRect RotatedRect_Create(int w, int h);
RotatedRect RotatedRect_New(int w, int h);
Mat Mat_New(void);
void Mat_Close(Mat m);
void Points_Close(Points p);
int store_create_index(const char *name);
